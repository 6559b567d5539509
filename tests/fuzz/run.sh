#!/bin/sh
# Builds the libFuzzer targets (clang, address + undefined) and runs each for
# FUZZ_SECONDS, seeded from tests/fuzz/seeds, the shared reports, the test
# fixtures and the saved regressions.  Prints one summary line per target and
# exits non-zero when any target found something (its input is left in
# $FUZZ_BUILD/artifacts/; copy it to tests/fuzz/regressions/<target>-<name>).
#
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_TARGETS   which targets (default "load outline extract regex")
#   FUZZ_PARALLEL  how many run at once (default 1; the machine has 2 cores)
#   FUZZ_BUILD     build dir (default build-fuzz; `make clean` removes it)
#   FUZZ_TIMEOUT   seconds one input may take before it counts as a hang (default 10)
#   FUZZ_FLAGS     more libFuzzer flags (e.g. "-fork=1 -ignore_crashes=1" to go on
#                  past a known finding and collect the rest)
set -u
cd "$(dirname "$0")/../.."
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_TARGETS=${FUZZ_TARGETS:-load outline extract regex}
FUZZ_PARALLEL=${FUZZ_PARALLEL:-1}
FB=${FUZZ_BUILD:-build-fuzz}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-10}
SHARED=${GONGWEN_SHARED:-../shared}
CC=${FUZZ_CC:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (apt-get install clang)"; exit 1; }

# The core, instrumented for coverage, through the Makefile's own rules.
make --no-print-directory BUILD="$FB" CC="$CC" \
  XCFLAGS="-O1 -g -fsanitize=fuzzer-no-link $SAN" "$FB/libgongwen.a" >"$FB.make.log" 2>&1 ||
  { cat "$FB.make.log"; echo "fuzz: building the core failed"; exit 1; }
rm -f "$FB.make.log"
mkdir -p "$FB/artifacts" "$FB/logs"
LIBS=$(pkg-config --libs libpcre2-8 zlib)
# The targets' own checks get the sanitizers but no coverage: their branches
# would only slow the run and steer the fuzzer towards the checks.
for t in $FUZZ_TARGETS; do
  { $CC -O1 -g $SAN -std=c11 -D_GNU_SOURCE -Icore -c -o "$FB/fuzz_$t.o" "tests/fuzz/fuzz_$t.c" &&
    $CC -fsanitize=fuzzer $SAN -o "$FB/fuzz_$t" "$FB/fuzz_$t.o" "$FB/libgongwen.a" $LIBS -lm -lpthread
  } || { echo "fuzz: building fuzz_$t failed"; exit 1; }
done

max_len() {  # big enough for a whole report; patterns and subjects stay short
  case $1 in load) echo 16384 ;; outline) echo 32768 ;; extract) echo 16384 ;; *) echo 4096 ;; esac
}

# run TARGET: fuzzes into $FB/corpus/TARGET, writes $FB/logs/TARGET.{log,result}
run() {
  t=$1 corpus="$FB/corpus/$1"
  mkdir -p "$corpus"
  for f in tests/fuzz/regressions/"$t"-*; do [ -f "$f" ] && cp "$f" "$corpus/"; done
  seeds="tests/fuzz/seeds/$t"
  [ "$t" = regex ] || seeds="$seeds $SHARED/corpus tests/fixtures"
  existing=""
  for d in $seeds; do [ -d "$d" ] && existing="$existing $d"; done
  start=$(date +%s)
  # shellcheck disable=SC2086
  "$FB/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -timeout="$FUZZ_TIMEOUT" -max_len="$(max_len "$t")" \
    -rss_limit_mb=2048 -dict=tests/fuzz/gongwen.dict -print_final_stats=1 \
    -artifact_prefix="$FB/artifacts/$t-" ${FUZZ_FLAGS:-} "$corpus" $existing >"$FB/logs/$t.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$FB/logs/$t.log" | tail -1)
  found=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$FB/logs/$t.log" | tail -1)
  if [ $rc -eq 0 ]; then
    printf '%-8s ok     %5ss %10s runs  %5s inputs in corpus\n' "$t" "$secs" "${execs:-?}" \
      "$(ls "$corpus" | wc -l)" >"$FB/logs/$t.result"
  else
    printf '%-8s FOUND  %5ss exit %s: %s (log: %s)\n' "$t" "$secs" "$rc" "${found:-see log}" \
      "$FB/logs/$t.log" >"$FB/logs/$t.result"
    grep -E '^(==[0-9]+==ERROR|\*\*\*|SUMMARY|    #[0-9] )' "$FB/logs/$t.log" | head -30 >>"$FB/logs/$t.result"
  fi
}

set -- $FUZZ_TARGETS
while [ $# -gt 0 ]; do
  n=0
  while [ $# -gt 0 ] && [ $n -lt "$FUZZ_PARALLEL" ]; do run "$1" & n=$((n + 1)); shift; done
  wait
done

status=0
echo "fuzz: $FUZZ_SECONDS s per target"
for t in $FUZZ_TARGETS; do
  cat "$FB/logs/$t.result"
  grep -q '^[a-z]* *FOUND' "$FB/logs/$t.result" && status=1
done
[ $status -eq 0 ] || echo "fuzz: findings above; save each input as tests/fuzz/regressions/<target>-<name>"
exit $status
