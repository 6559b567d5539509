#!/usr/bin/env python3
"""py_peers.py TASK ARGS — the plain-Python peers of bench/run.sh, each what an
analyst would write:
  decode FILE          read and decode the file (prints its characters)
  count PATTERN FILE   len(re.findall(PATTERN, text))
  read-list LIST       open, read and decode every file named in LIST"""
import re, sys

def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8")

task, args = sys.argv[1], sys.argv[2:]
if task == "decode":
    print(len(read(args[0])))
elif task == "count":
    print(len(re.findall(args[0], read(args[1]))))
elif task == "read-list":
    print(sum(len(read(p)) for p in open(args[0]).read().split()))
else:
    sys.exit("py_peers.py: unknown task " + task)
