#!/usr/bin/env python3
"""make_corpus.py SRC_DIR BENCH_DIR — builds the benchmark corpus outside the repo:
  big.txt      256 MiB of the source reports repeated (one document),
  slice.txt    its first 32 MiB, for peers too slow to run over all of it,
  small/       20,000 report files (the reports in turn, ~200 MB with the shared ones),
  oneline/     20,000 one-line files (per-document overhead),
  small.list, oneline.list   the files, sorted, one path a line.
Skips the work when BENCH_DIR/.stamp says the same sources built it."""
import os, sys, glob, hashlib

BIG = 256 << 20
SLICE = 32 << 20
NFILES = 20000

def main():
    src, out = sys.argv[1], sys.argv[2]
    paths = sorted(glob.glob(os.path.join(src, "*.txt")))
    if not paths:
        sys.exit("make_corpus: no *.txt in " + src)
    reports = [open(p, "rb").read() for p in paths]
    for p, r in zip(paths, reports):
        r.decode("utf-8")  # the corpus must be valid UTF-8; fail loudly otherwise
    stamp = hashlib.sha256(b"v2" + b"".join(reports)).hexdigest()
    stamp_path = os.path.join(out, ".stamp")
    if os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        return
    os.makedirs(out, exist_ok=True)
    write_big(os.path.join(out, "big.txt"), reports, BIG)
    write_big(os.path.join(out, "slice.txt"), reports, SLICE)
    write_dir(out, "small", [reports[i % len(reports)] for i in range(NFILES)])
    lines = ["第%d号：全年调解矛盾纠纷%d件，调解成功率达%d%%。\n" % (i, i % 997, i % 100)
             for i in range(NFILES)]
    write_dir(out, "oneline", [l.encode() for l in lines])
    open(stamp_path, "w").write(stamp)

def write_big(path, reports, total):
    with open(path, "wb") as f:
        size, i = 0, 0
        while size + len(reports[i % len(reports)]) <= total:
            f.write(reports[i % len(reports)])
            size += len(reports[i % len(reports)])
            i += 1
        # Fill the rest with the start of the next report, cut at a character
        # boundary, then newlines, so the file is exactly `total` bytes of valid UTF-8.
        rest = reports[i % len(reports)][:total - size]
        rest = rest.decode("utf-8", "ignore").encode()
        f.write(rest + b"\n" * (total - size - len(rest)))

def write_dir(out, name, contents):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    names = []
    for i, data in enumerate(contents):
        p = os.path.join(d, "r%05d.txt" % i)
        with open(p, "wb") as f:
            f.write(data)
        names.append(p)
    with open(os.path.join(out, name + ".list"), "w") as f:
        f.write("\n".join(sorted(names)) + "\n")

main()
