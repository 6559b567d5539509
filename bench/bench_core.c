/* bench_core.c — the core's phases alone, in one process, without Lua:
 * gw_doc_open, gw_outline_build, gw_extract_quantities, gw_extract_citations
 * on one file, best of several runs, in MB/s of the file's text.  Timed with
 * the thread's CPU clock, like bench_utf8.  Shows how much of a whole-process
 * number is the C core and how much the binding and interpreter.
 * Usage: bench_core FILE [REPEATS]   (prints "PHASE MB/s RESULTS" lines) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "gongwen.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef size_t (*phase_fn)(const char *path, const char *text, size_t len);

static size_t phase_open(const char *path, const char *text, size_t len) {
  (void)text; (void)len;
  gw_doc *doc;
  gw_error err;
  if (gw_doc_open(path, NULL, &doc, &err) != 0) { fprintf(stderr, "%s\n", err.message); exit(1); }
  size_t n;
  gw_doc_text(doc, &n);
  gw_doc_free(doc);
  return n;
}

static size_t phase_outline(const char *path, const char *text, size_t len) {
  (void)path;
  gw_outline o;
  gw_error err;
  if (gw_outline_build(text, len, &o, &err) != 0) { fprintf(stderr, "outline failed\n"); exit(1); }
  size_t n = o.nsections;
  gw_outline_free(&o);
  return n;
}

static size_t run_extractor(int (*fn)(const char *, size_t, gw_results *), const char *text,
                            size_t len) {
  gw_results r = {0}; /* the extractors reuse a zeroed or earlier array */
  if (fn(text, len, &r) != 0) { fprintf(stderr, "extraction failed\n"); exit(1); }
  size_t n = r.n;
  gw_results_free(&r);
  return n;
}

static size_t phase_quantities(const char *path, const char *text, size_t len) {
  (void)path;
  return run_extractor(gw_extract_quantities, text, len);
}

static size_t phase_citations(const char *path, const char *text, size_t len) {
  (void)path;
  return run_extractor(gw_extract_citations, text, len);
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s FILE [REPEATS]\n", argv[0]); return 2; }
  int repeats = argc > 2 ? atoi(argv[2]) : 3;
  gw_doc *doc;
  gw_error err;
  if (gw_doc_open(argv[1], NULL, &doc, &err) != 0) { fprintf(stderr, "%s\n", err.message); return 1; }
  size_t len;
  const char *text = gw_doc_text(doc, &len);
  static const struct { const char *name; phase_fn fn; } phases[] = {
    {"open", phase_open}, {"outline", phase_outline},
    {"quantities", phase_quantities}, {"citations", phase_citations},
  };
  for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++) {
    double best = 1e30;
    size_t result = 0;
    for (int r = 0; r < (repeats > 0 ? repeats : 1); r++) {
      double t0 = now();
      result = phases[i].fn(argv[1], text, len);
      double t = now() - t0;
      if (t < best) best = t;
    }
    printf("%s %.0f %zu\n", phases[i].name, (double)len / best / 1e6, result);
  }
  gw_doc_free(doc);
  return 0;
}
