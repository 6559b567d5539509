#!/usr/bin/env python3
"""py_sections.py FILE | @LISTFILE — the straightforward Python sectioner that
gongwen's outline is measured against: one regex per heading level, tried on
every line, a stack of open sections.  Prints the number of level-1 sections."""
import re, sys

LEVELS = [
    (1, re.compile(r"\s*([一二三四五六七八九十]+)、")),
    (2, re.compile(r"\s*[（(]([一二三四五六七八九十]+)[）)]")),
    (4, re.compile(r"\s*[（(]([0-9０-９]+)[）)]")),
    (3, re.compile(r"\s*([0-9０-９]+)[.、．](?!\d)")),
]

def sections(text):
    out, stack, offset = [], [], 0
    for number, line in enumerate(text.split("\n"), 1):
        for level, rx in LEVELS:
            m = rx.match(line)
            if m:
                while stack and stack[-1]["level"] >= level:
                    stack.pop()
                s = {"level": level, "label": m.group(0).strip(), "title": line[m.end():],
                     "line": number, "start": offset,
                     "parent": stack[-1] if stack else None}
                out.append(s)
                stack.append(s)
                break
        offset += len(line) + 1
    return out

def main():
    arg = sys.argv[1]
    paths = open(arg[1:]).read().split() if arg.startswith("@") else [arg]
    top = 0
    for p in paths:
        with open(p, encoding="utf-8") as f:
            top += sum(1 for s in sections(f.read()) if s["level"] == 1)
    print(top)

main()
