#!/bin/sh
# bench/run.sh — `make bench`: gongwen side by side with the tools an analyst
# would use instead, in one run, printed as one table (task, gongwen, peer,
# ratio, the target of issue 8 and whether it is met).  Whole processes, warm
# cache, best of $RUNS runs (a command slower than 5 s runs once), timed by
# bench/timeit.c.  A task whose gongwen API has not landed yet shows "n/a".
# The corpus is built outside the repo, in $BENCH_DIR, from ../shared/corpus
# (or sample/ when that is absent).
# Environment: BUILD (build dir), BENCH_DIR (default /tmp/gongwen-bench),
# RUNS (default 3), LUA, BENCH_CLOCK: wall | cpu | auto (default: cpu time
# when the machine is busy — load average above 0.7 — else wall time;
# multi-threaded rows always use wall time), BENCH_STEPS (default: every step,
# "utf8_kernels core load regex outline extract corpus grep overhead memory").
set -u
BUILD=${BUILD:-build}
BENCH_DIR=${BENCH_DIR:-/tmp/gongwen-bench}
RUNS=${RUNS:-3}
LUA=${LUA:-lua5.4}
ROOT=$(pwd)
export LUA_CPATH="$ROOT/$BUILD/?.so;;"
export LUA_PATH="$ROOT/lua/?.lua;;"
export LC_ALL=C.UTF-8
OUT=$BENCH_DIR/out
ROWS=$OUT/rows.tsv
TIMEIT=$BUILD/bench/timeit

# ------------------------------------------------------------ tools

# Installs what is missing when root: ripgrep is a peer; hyperfine is for
# re-running a row by hand (the script times with bench/timeit.c).
install_tools() {
  missing=""
  command -v rg >/dev/null 2>&1 || missing="$missing ripgrep"
  command -v hyperfine >/dev/null 2>&1 || missing="$missing hyperfine"
  [ -z "$missing" ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing$missing"
    apt-get install -y -q $missing >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q $missing >/dev/null 2>&1; } ||
      echo "bench: could not install$missing; those rows show n/a"
  else
    echo "bench: not root; missing$missing (apt-get install$missing); those rows show n/a"
  fi
}

# bench_core needs the whole core; while parts are missing its rows show n/a.
build_programs() {
  mkdir -p "$BUILD/bench"
  for p in bench_utf8 validate_scalar timeit bench_core read_floor; do
    rm -f "$BUILD/bench/$p"
    ${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -Icore -o "$BUILD/bench/$p" "bench/$p.c" \
      "$BUILD/libgongwen.a" $(pkg-config --libs libpcre2-8 zlib 2>/dev/null) -lm ||
      [ "$p" = bench_core ] || exit 1
  done
}

# ------------------------------------------------------------ timing

# measure NAME CLOCK CMD...: runs CMD (an executable) up to $RUNS times and
# prints its best time in ns by CLOCK (wall or cpu), "na" (exit 3: the API
# is not there yet) or "err".  Output in $OUT/NAME.out, peak RSS (kB) in
# $OUT/NAME.rss.
measure() {
  name=$1; clock=$2; shift 2
  res=$("$TIMEIT" "$RUNS" "$OUT/$name.out" "$@"); rc=$?
  if [ "$rc" -eq 3 ]; then echo na; return; fi
  if [ "$rc" -ne 0 ]; then echo err; return; fi
  set -- $res
  echo "$3" > "$OUT/$name.rss"
  if [ "$clock" = cpu ]; then echo "$2"; else echo "$1"; fi
}

# mbps BYTES NS: MB/s (10^6 bytes), or the marker passed through.
mbps() {
  case $2 in
    na|err|"") echo "${2:-err}" ;;
    *) awk -v b="$1" -v t="$2" 'BEGIN { printf "%.0f", b / t * 1000 }' ;;
  esac
}

# row TASK UNIT GONGWEN PEER PEER_VALUE [MIN_RATIO [BOUND]]: one table row.
# MB/s: higher is better, ratio gongwen/peer, BOUND a minimum.  µs/doc, MB:
# lower is better, ratio peer/gongwen, BOUND a maximum.
row() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "${6:-}" "${7:-}" >> "$ROWS"
}

have() { command -v "$1" >/dev/null 2>&1; }
gw_task() { echo "$LUA" "$ROOT/bench/tasks.lua"; }
# The summary script and the extractors it calls have landed.
have_summary() {
  [ -x "$BUILD/gongwen" ] && "$BUILD/gongwen" --list 2>/dev/null | grep -q '^ *summary' &&
    $(gw_task) has quantities citations outline 2>/dev/null
}

# ------------------------------------------------------------ the tasks

bench_utf8_kernels() {
  "$BUILD/bench/bench_utf8" "$BIG" 5 > "$OUT/utf8.out" || return
  k() { awk -v k="$1" '$1 " " $2 == k && $4 == "GB/s" { printf "%.0f", $3 * 1000 }' "$OUT/utf8.out"; }
  chosen=$(sed -n 's/^impl: //p' "$OUT/utf8.out")
  for impl in avx2 sse4; do  # the targets apply to the kernel this CPU runs
    v=$(k "validate $impl")
    if [ "$impl" = "$chosen" ]; then want=4; bound=3000; else want=""; bound=""; fi
    [ -n "$v" ] && row "utf8 validate kernel, in memory ($impl)" MB/s "$v" "scalar kernel" \
      "$(k 'validate scalar')" "$want" "$bound"
  done
  v=$(k "scan avx2")
  [ -n "$v" ] && row "utf8 validate+NUL+CR scan, in memory (avx2)" MB/s "$v" "scalar kernel" "$(k 'scan scalar')" 4 3000
  v=$(k "count avx2")
  [ -n "$v" ] && row "utf8 count kernel, in memory (avx2)" MB/s "$v" "scalar kernel" "$(k 'count scalar')"
}

# The core's phases without Lua (bench_core.c, thread CPU time): how much of
# each whole-process number is the C code.
bench_core() {
  [ -x "$BUILD/bench/bench_core" ] && "$BUILD/bench/bench_core" "$BIG" "$RUNS" > "$OUT/core.out" 2> "$OUT/core.out.err"
  c() { awk -v k="$1" '$1 == k { print $2 }' "$OUT/core.out" 2>/dev/null | grep . || echo na; }
  row "C core only: gw_doc_open 256 MiB" MB/s "$(c open)" "-" "-" "" 3000
  row "C core only: gw_outline_build" MB/s "$(c outline)" "-" "-" "" 1000
  q=$(c quantities); ci=$(c citations)
  both=na
  case "$q$ci" in *na*) ;; *) both=$(awk -v a="$q" -v b="$ci" 'BEGIN { printf "%.0f", 1 / (1 / a + 1 / b) }') ;; esac
  row "C core only: quantities + citations" MB/s "$both" "-" "-" "" 300
}

bench_load() {
  gw=$(mbps "$BIG_BYTES" "$(measure load_gw "$CLOCK" $(gw_task) load "$BIG")")
  row "load 256 MiB (open+validate+normalise)" MB/s "$gw" "C scalar validator (read+check)" \
    "$(mbps "$BIG_BYTES" "$(measure load_scalar "$CLOCK" "$BUILD/bench/validate_scalar" "$BIG")")" 4 3000
  row "load 256 MiB" MB/s "$gw" "python3 bytes.decode" \
    "$(mbps "$BIG_BYTES" "$(measure load_py "$CLOCK" python3 bench/py_peers.py decode "$BIG")")"
  row "load 256 MiB" MB/s "$gw" "lua5.4 io.read('a')" \
    "$(mbps "$BIG_BYTES" "$(measure load_lua "$CLOCK" $(gw_task) lua-read "$BIG")")"
}

bench_regex() {
  n=0
  for pat in '(\d+(?:\.\d+)?)(余)?(件|次|场|个|份|人次|学时|名|%)' '《[^》]{1,60}》' \
             '(?m)^[一二三四五六七八九十]+、' '“[^”]+”'; do
    n=$((n + 1))
    case $n in 1) what="numbers with units" ;; 2) what="citations" ;;
      3) what="level-1 headings" ;; *) what="quoted terms" ;; esac
    task="regex count #$n ($what)"
    gw=$(mbps "$BIG_BYTES" "$(measure "re${n}_gw" "$CLOCK" $(gw_task) count "$BIG" "$pat")")
    have rg && row "$task" MB/s "$gw" "rg --count-matches" \
      "$(mbps "$BIG_BYTES" "$(measure "re${n}_rg" "$CLOCK" rg --count-matches -- "$pat" "$BIG")")" 1.5
    row "$task" MB/s "$gw" "grep -oP | wc -l" \
      "$(mbps "$BIG_BYTES" "$(measure "re${n}_grep" "$CLOCK" sh -c 'grep -oP -- "$0" "$1" | wc -l' "$pat" "$BIG")")" 1
    row "$task" MB/s "$gw" "python3 re.findall" \
      "$(mbps "$BIG_BYTES" "$(measure "re${n}_py" "$CLOCK" python3 bench/py_peers.py count "$pat" "$BIG")")" 10
    echo "regex #$n is $pat; counts: gongwen $(cat "$OUT/re${n}_gw.out" 2>/dev/null)," \
      "rg $(cat "$OUT/re${n}_rg.out" 2>/dev/null), grep $(cat "$OUT/re${n}_grep.out" 2>/dev/null)," \
      "python $(cat "$OUT/re${n}_py.out" 2>/dev/null)" >> "$OUT/notes"
  done
}

bench_outline() {
  row "sectioning, 256 MiB file" MB/s \
    "$(mbps "$BIG_BYTES" "$(measure outline_gw "$CLOCK" $(gw_task) outline "$BIG")")" \
    "python3 line-regex sectioner" \
    "$(mbps "$BIG_BYTES" "$(measure outline_py "$CLOCK" python3 bench/py_sections.py "$BIG")")" 20 1000
  py_many=$(mbps "$SMALL_BYTES" "$(measure outline_many_py "$CLOCK" python3 bench/py_sections.py "@$SMALL_LIST")")
  row "sectioning, 20,000 files" MB/s \
    "$(mbps "$SMALL_BYTES" "$(measure outline_many_gw "$CLOCK" $(gw_task) outline-list "$SMALL_LIST")")" \
    "python3 line-regex sectioner" "$py_many" 20 300
  # What reading the files alone costs: no tool that opens them one by one
  # on one core can be faster, so 20x is out of reach when this is below it.
  row "floor: open+fstat+read+close only (C)" MB/s \
    "$(mbps "$SMALL_BYTES" "$(measure read_floor "$CLOCK" "$BUILD/bench/read_floor" "$SMALL_LIST")")" \
    "python3 line-regex sectioner" "$py_many"
  echo "level-1 sections found: gongwen $(cat "$OUT/outline_gw.out" 2>/dev/null), python $(cat "$OUT/outline_py.out" 2>/dev/null) (big file)" >> "$OUT/notes"
}

bench_extract() {
  row "extraction: quantities+citations, 256 MiB" MB/s \
    "$(mbps "$BIG_BYTES" "$(measure extract_gw "$CLOCK" $(gw_task) extract "$BIG")")" \
    "python3 regex equivalent (32 MiB)" \
    "$(mbps "$SLICE_BYTES" "$(measure extract_py "$CLOCK" python3 bench/py_extract.py "$SLICE")")" "" 300
  echo "quantities, citations found: gongwen $(cat "$OUT/extract_gw.out" 2>/dev/null) (256 MiB), python $(cat "$OUT/extract_py.out" 2>/dev/null) (32 MiB)" >> "$OUT/notes"
}

# least A B: the smaller of two times in ns, or the marker (na, err) of either.
least() {
  case "$1" in ""|na|err) echo "${1:-$2}"; return ;; esac
  case "$2" in na|err) echo "$2"; return ;; esac
  [ "$1" -le "$2" ] && echo "$1" || echo "$2"
}

# Parallel runs: wall time whatever the clock.  -j 2 and -j 1 take turns,
# one run each, so that a burst of other work on the machine falls on both
# alike rather than on all the runs of one of them.
bench_corpus() {
  if have_summary; then
    j2=""; j1=""; runs=$RUNS; RUNS=1; r=0
    while [ "$r" -lt "$runs" ]; do
      j2=$(least "$j2" "$(measure summary_j2 wall "$BUILD/gongwen" summary -j 2 --quiet "$SMALL")")
      j1=$(least "$j1" "$(measure summary_j1 wall "$BUILD/gongwen" summary -j 1 --quiet "$SMALL")")
      r=$((r + 1))
    done
    RUNS=$runs
  else
    j2=na; j1=na
  fi
  have rg && row "corpus: gongwen summary -j 2, 20,000 files (wall)" MB/s "$(mbps "$SMALL_BYTES" "$j2")" \
    "rg -c PATTERN (2 threads)" \
    "$(mbps "$SMALL_BYTES" "$(measure corpus_rg wall rg -c '(\d+)(件|次|场|个)' "$SMALL")")" 1
  row "corpus: summary -j 2 vs -j 1 (wall)" MB/s "$(mbps "$SMALL_BYTES" "$j2")" "gongwen summary -j 1" \
    "$(mbps "$SMALL_BYTES" "$j1")" 1.8
}

# grep over the corpus, wall time: gongwen grep -j 2 against ripgrep piped
# into the script an analyst would write for the same JSON Lines rows
# (bench/rg_grep.lua: section names from the heading lines of each file with
# matches).  rg runs inside the folder, so both name the files alike.
bench_grep() {
  pat=调解成功率
  if [ -x "$BUILD/gongwen" ]; then
    gw=$(measure grep_gw wall "$BUILD/gongwen" grep -j 2 --quiet --format jsonl "$pat" "$SMALL")
  else
    gw=na
  fi
  have rg || return
  peer=$(measure grep_rg wall sh -c 'cd "$1" && rg -n --no-heading -o -- "$2" | "$3" "$4"' \
    sh "$SMALL" "$pat" "$LUA" "$ROOT/bench/rg_grep.lua")
  row "corpus: grep -j 2, jsonl, 20,000 files (wall)" MB/s "$(mbps "$SMALL_BYTES" "$gw")" \
    "rg -o | bench/rg_grep.lua" "$(mbps "$SMALL_BYTES" "$peer")" 1
  same=no
  sort "$OUT/grep_gw.out" 2>/dev/null > "$OUT/grep_gw.sorted"
  sort "$OUT/grep_rg.out" 2>/dev/null | cmp -s - "$OUT/grep_gw.sorted" && same=yes
  echo "grep $pat: rows gongwen $(wc -l < "$OUT/grep_gw.out" 2>/dev/null), rg | script" \
    "$(wc -l < "$OUT/grep_rg.out" 2>/dev/null); the same rows (sorted): $same" >> "$OUT/notes"
}

# Per-document cost: a 20,000-file run minus a 1-file run (start-up), per file.
bench_overhead() {
  us_per_doc() {  # us_per_doc NS_ALL NS_ONE
    case "$1" in na|err) echo "$1"; return ;; esac
    case "$2" in na|err) echo "$2"; return ;; esac
    awk -v a="$1" -v b="$2" -v n="$ONELINE_FILES" 'BEGIN { printf "%.1f", (a - b) / (n - 1) / 1000 }'
  }
  one_dir=$OUT/one; mkdir -p "$one_dir"; cp "$(head -1 "$ONELINE_LIST")" "$one_dir/"
  ls "$one_dir"/* > "$OUT/one.list"
  if [ -x "$BUILD/gongwen" ]; then
    gw=$(us_per_doc "$(measure overhead_gw "$CLOCK" "$BUILD/gongwen" bench/overhead.lua -j 1 --quiet "$ONELINE")" \
                    "$(measure overhead_gw1 "$CLOCK" "$BUILD/gongwen" bench/overhead.lua -j 1 --quiet "$one_dir")")
  else
    gw=na
  fi
  row "per-document overhead, 20,000 one-line files (-j 1)" "µs/doc" "$gw" "python3 open+read+decode loop" \
    "$(us_per_doc "$(measure overhead_py "$CLOCK" python3 bench/py_peers.py read-list "$ONELINE_LIST")" \
                  "$(measure overhead_py1 "$CLOCK" python3 bench/py_peers.py read-list "$OUT/one.list")")" "" 20
}

# Peak RSS of runs already made (wait4's ru_maxrss, what /usr/bin/time %M shows).
bench_memory() {
  rss_mb() { [ -s "$OUT/$1.rss" ] && awk '{ printf "%.0f", $1 * 1024 / 1e6 }' "$OUT/$1.rss" || echo na; }
  limit=$(awk -v b="$BIG_BYTES" 'BEGIN { printf "%.0f", b * 1.3 / 1e6 }')
  row "peak RSS, load 256 MiB file" MB "$(rss_mb load_gw)" "limit: 1.3 x file size" "$limit" "" "$limit"
  row "peak RSS, summary -j 2 over 20,000 files" MB "$(rss_mb summary_j2)" "limit" 100 "" 100
  row "peak RSS, overhead.lua -j 1 over 20,000 files" MB "$(rss_mb overhead_gw)" "limit" 100 "" 100
}

# ------------------------------------------------------------ the table

print_table() {
  awk -F '\t' '
    function num(x) { return x ~ /^[0-9.]+$/ }
    function line(a, b, c, d, e, f, g) {
      printf "%-52s %-6s %8s  %-32s %8s %8s  %s\n", a, b, c, d, e, f, g
    }
    BEGIN { line("task", "unit", "gongwen", "peer", "peer", "ratio", "target")
            line("----", "----", "-------", "----", "----", "-----", "------") }
    {
      unit = $2; gw = $3; pv = $5; want = $6; bound = $7
      lower = (unit != "MB/s")
      ratio = "-"; target = ""; verdict = ""
      if (num(gw) && num(pv) && gw > 0 && pv > 0) ratio = sprintf("%.2fx", lower ? pv / gw : gw / pv)
      if (want != "") target = ">=" want "x"
      if (bound != "") target = target (target != "" ? ", " : "") (lower ? "<=" : ">=") bound " " unit
      if (target != "" && num(gw)) {
        ok = 1
        if (want != "" && !(ratio != "-" && ratio + 0 >= want + 0)) ok = 0
        if (bound != "" && (lower ? gw + 0 > bound + 0 : gw + 0 < bound + 0)) ok = 0
        verdict = ok ? "  met" : "  MISSED"
      }
      line($1, unit, gw, $4, pv, ratio, target verdict)
    }' "$ROWS"
}

# ------------------------------------------------------------ main

if ls ../shared/corpus/*.txt >/dev/null 2>&1; then SRC=../shared/corpus; else SRC=sample; fi
install_tools
build_programs
echo "bench: corpus from $SRC in $BENCH_DIR"
python3 bench/make_corpus.py "$SRC" "$BENCH_DIR" || exit 1
rm -rf "$OUT"; mkdir -p "$OUT"; : > "$ROWS"; : > "$OUT/notes"
BIG=$BENCH_DIR/big.txt
SMALL=$BENCH_DIR/small; SMALL_LIST=$BENCH_DIR/small.list
ONELINE=$BENCH_DIR/oneline; ONELINE_LIST=$BENCH_DIR/oneline.list
BIG_BYTES=$(wc -c < "$BIG")
SLICE=$BENCH_DIR/slice.txt; SLICE_BYTES=$(wc -c < "$SLICE")
SMALL_BYTES=$(find "$SMALL" -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }')
ONELINE_FILES=$(wc -l < "$ONELINE_LIST")
cat "$BIG" > /dev/null; xargs cat < "$SMALL_LIST" > /dev/null  # warm the page cache

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
CLOCK=${BENCH_CLOCK:-auto}
if [ "$CLOCK" = auto ]; then
  CLOCK=$(awk '{ print ($1 > 0.7) ? "cpu" : "wall" }' /proc/loadavg)
fi
for step in ${BENCH_STEPS:-utf8_kernels core load regex outline extract corpus grep overhead memory}; do
  echo "bench: $step" >&2
  "bench_$step"
done

echo
echo "gongwen benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'): $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, UTF-8 kernel: $(sed -n 's/^impl: //p' "$OUT/utf8.out" 2>/dev/null)"
echo "big file $BIG_BYTES bytes; 20,000 files $SMALL_BYTES bytes; best of $RUNS runs, whole process, warm cache"
echo "clock: $CLOCK time (load average before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg))"
echo
print_table
echo
cat "$OUT/notes"
for f in "$OUT"/*.out.err; do
  [ -s "$f" ] || continue
  grep -q '^n/a' "$f" && continue
  echo "stderr of $(basename "$f" .out.err): $(head -c 300 "$f" | tr '\n' ' ')"
done
