/* check.h — the C tests' tiny harness.  Each test program prints one line per
 * failure and ends with "N passed, N failed"; tests/run.sh adds them up.
 * Run from the project root (fixture paths are relative to it). */
#ifndef GONGWEN_CHECK_H
#define GONGWEN_CHECK_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) check_report((cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ_INT(a, b) check_int((long long)(a), (long long)(b), #a, __FILE__, __LINE__)
#define CHECK_EQ_STR(a, b) check_str((a), (b), #a, __FILE__, __LINE__)

static inline int check_report(int ok, const char *what, const char *file, int line) {
  if (ok) check_passed++;
  else { check_failed++; printf("FAIL %s:%d: %s\n", file, line, what); }
  return ok;
}

static inline int check_int(long long got, long long want, const char *what, const char *file, int line) {
  if (got == want) { check_passed++; return 1; }
  check_failed++;
  printf("FAIL %s:%d: %s is %lld, want %lld\n", file, line, what, got, want);
  return 0;
}

static inline int check_str(const char *got, const char *want, const char *what, const char *file, int line) {
  if (got && want && strcmp(got, want) == 0) { check_passed++; return 1; }
  check_failed++;
  printf("FAIL %s:%d: %s is \"%s\", want \"%s\"\n", file, line, what, got ? got : "(null)",
         want ? want : "(null)");
  return 0;
}

/* A tiny deterministic generator (xorshift64), so that a failing random case
 * can be replayed: the next state of *state, which is also the result. */
static inline uint64_t check_xorshift(uint64_t *state) {
  *state ^= *state << 13;
  *state ^= *state >> 7;
  *state ^= *state << 17;
  return *state;
}

/* The whole file at path, NUL-terminated (free it), its size in *len; NULL
 * and a failed check when it cannot be read (a missing fixture fails). */
static inline char *check_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long n = -1;
  if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
      (buf = malloc((size_t)n + 1)) != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  if (f) fclose(f);
  if (!buf) {
    check_failed++;
    printf("FAIL cannot read %s\n", path);
    return NULL;
  }
  buf[n] = '\0';
  *len = (size_t)n;
  return buf;
}

static inline int check_summary(void) {
  printf("%d passed, %d failed\n", check_passed, check_failed);
  return check_failed != 0;
}
#endif
