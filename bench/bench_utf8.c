/* bench_utf8.c — the UTF-8 kernels alone, in memory: GB/s of each validator
 * and counter on one file (best of several runs), plus memcpy as the ceiling.
 * Timed with the thread's CPU clock, so other work on the machine does not
 * count (on an idle machine it equals wall time for this single thread).
 * Usage: bench_utf8 FILE [REPEATS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "gongwen.h"
#include "utf8_impl.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = n > 0 ? malloc((size_t)n) : NULL;
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
  fclose(f);
  *len = (size_t)(n > 0 ? n : 0);
  return buf;
}

typedef size_t (*kernel)(const char *, size_t);

/* Best time of `repeats` runs; the result is checked so the call is not dropped. */
static double best_gbs(kernel k, const char *buf, size_t len, int repeats, size_t *result) {
  double best = 1e30;
  for (int r = 0; r < repeats; r++) {
    double t0 = now();
    *result = k(buf, len);
    double t = now() - t0;
    if (t < best) best = t;
  }
  return (double)len / best / 1e9;
}

/* The loader's one pass (validate + NUL + CR), with each kernel. */
#define SCAN_KERNEL(impl) \
  static size_t scan_##impl(const char *s, size_t len) { \
    size_t nul; \
    int cr; \
    return gw_utf8_scan_##impl(s, len, &nul, &cr) + (nul != len) + (size_t)cr; \
  }
SCAN_KERNEL(scalar)
SCAN_KERNEL(sse4)
SCAN_KERNEL(avx2)

static char *copy_dst;
static size_t copy_kernel(const char *s, size_t len) {
  memcpy(copy_dst, s, len);
  return (size_t)(unsigned char)copy_dst[len / 2];
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s FILE [REPEATS]\n", argv[0]); return 2; }
  int repeats = argc > 2 ? atoi(argv[2]) : 5;
  size_t len;
  char *buf = read_file(argv[1], &len);
  if (!buf) { perror(argv[1]); return 1; }
  copy_dst = malloc(len);
  if (!copy_dst) return 1;
  struct { const char *name, *impl; kernel k; } ks[] = {
    {"memcpy", "scalar", copy_kernel},
    {"validate scalar", "scalar", gw_utf8_validate_scalar},
    {"validate sse4", "sse4", gw_utf8_validate_sse4},
    {"validate avx2", "avx2", gw_utf8_validate_avx2},
    {"scan scalar", "scalar", scan_scalar},
    {"scan sse4", "sse4", scan_sse4},
    {"scan avx2", "avx2", scan_avx2},
    {"count scalar", "scalar", gw_utf8_count_scalar},
    {"count sse4", "sse4", gw_utf8_count_sse4},
    {"count avx2", "avx2", gw_utf8_count_avx2},
  };
  printf("impl: %s\n%zu bytes, %d runs each, best GB/s\n", gw_utf8_impl(), len, repeats);
  for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
    if (!gw_utf8_cpu_has(ks[i].impl)) { printf("%-16s n/a (CPU)\n", ks[i].name); continue; }
    size_t result = 0;
    double gbs = best_gbs(ks[i].k, buf, len, repeats, &result);
    printf("%-16s %6.2f GB/s  (result %zu)\n", ks[i].name, gbs, result);
  }
  free(copy_dst);
  free(buf);
  return 0;
}
