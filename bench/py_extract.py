#!/usr/bin/env python3
"""py_extract.py FILE — the Python regex equivalent of gw.quantities + gw.citations:
every number with a counting unit (approximation words, Chinese numerals, a
subject of up to 8 Han characters before it) and every 《…》, each as a record
with offsets and line.  Prints the two counts."""
import bisect, re, sys

UNITS = "人次|学时|小时|万元|家次|件|次|场|个|份|名|人|户|家|本|条|期|元|%"
QUANTITY = re.compile(
    r"(?P<subject>[\u4e00-\u9fff]{0,8}?)(?P<pre>约|近|超过|超)?"
    r"(?P<num>[0-9０-９]+(?:\.[0-9]+)?|[一二两三四五六七八九十百千万]+)"
    r"(?P<post>余|多)?(?P<unit>" + UNITS + ")")
CITATION = re.compile(r"《(?P<title>[^》]{1,60})》")
NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")}
NUMERALS["两"] = 2

def value(num):
    if num[0].isdigit():
        return float(num)
    total, cur = 0, 0
    for c in num:
        if c in NUMERALS:
            cur = NUMERALS[c]
        else:
            unit = {"十": 10, "百": 100, "千": 1000, "万": 10000}[c]
            total += (cur or 1) * unit
            cur = 0
    return total + cur

def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    newlines = [m.start() for m in re.finditer("\n", text)]
    line = lambda pos: bisect.bisect_right(newlines, pos) + 1
    quantities = [{"value": value(m["num"]), "unit": m["unit"], "subject": m["subject"],
                   "approx": bool(m["pre"] or m["post"]), "text": m.group(0),
                   "start": m.start(), "stop": m.end(), "line": line(m.start())}
                  for m in QUANTITY.finditer(text)]
    citations = [{"title": m["title"], "start": m.start(), "stop": m.end(),
                  "line": line(m.start())} for m in CITATION.finditer(text)]
    print(len(quantities), len(citations))

main()
