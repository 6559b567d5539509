#!/bin/sh
# Runs every test program and Lua test, adds up their "N passed, N failed"
# lines and ends with the total.  BUILD: build dir; LUA: interpreter command;
# SANITIZE=1 preloads the sanitizer runtimes into the stock interpreter;
# ONLY=c|lua runs one kind.
BUILD=${BUILD:-build}
LUA=${LUA:-lua5.4}
export LUA_CPATH="$BUILD/?.so;;"
export LUA_PATH="lua/?.lua;tests/lua/?.lua;;"
export GONGWEN_BUILD="$BUILD"
export GONGWEN_SCRIPTS="scripts"
if [ "${SANITIZE:-0}" = 1 ]; then
  export LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
  export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi
passed=0; failed=0; log=$(mktemp)
run() {  # run NAME CMD...: counts its summary line, or one failure if it has none
  name=$1; shift
  "$@" > "$log" 2>&1; rc=$?
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  if [ -n "$line" ]; then
    p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
  else
    p=0; f=1
  fi
  [ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" -ne 0 ]; then
    echo "--- $name (exit $rc)"; grep -v '^ok ' "$log" | tail -40
  else
    echo "ok   $name: $p passed"
  fi
}
if [ "${ONLY:-c}" = c ] || [ -z "$ONLY" ]; then
  for t in "$BUILD"/tests/test_*; do [ -x "$t" ] && run "$(basename "$t")" "$t"; done
  [ -x "$BUILD/embed-test" ] && run embed-test "$BUILD/embed-test" tests/embed/script.lua
fi
if [ "${ONLY:-lua}" = lua ] || [ -z "$ONLY" ]; then
  for t in tests/lua/test_*.lua; do [ -f "$t" ] && run "$(basename "$t")" $LUA "$t"; done
fi
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
