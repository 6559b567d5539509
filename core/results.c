/* results.c — the growable result array shared by the extractors. */
#include <stdlib.h>
#include <string.h>
#include "gongwen.h"
#include "results.h"

/* A 256 MiB document gives arrays of 40-90 MB.  From BIG bytes on, an array
 * lives in its own mapping that asks for huge pages, so filling it takes a
 * few dozen page faults instead of tens of thousands, and grows with
 * mremap (no copy).  Whether an array is mapped follows from cap * size
 * alone, so freeing needs no flag. */
#if defined(__linux__)
#include <sys/mman.h>
#define BIG ((size_t)8 << 20)

static int is_mapped(size_t cap, size_t size) { return cap * size >= BIG; }

static void release(void *data, size_t cap, size_t size) {
  if (!data) return;
  if (is_mapped(cap, size)) munmap(data, cap * size);
  else free(data);
}

/* Grows data (cap elements of size bytes, n in use) to newcap, or NULL. */
static void *grow(void *data, size_t n, size_t cap, size_t newcap, size_t size) {
  size_t bytes = newcap * size;
  if (!is_mapped(newcap, size)) return realloc(data, bytes);
  void *p;
  if (data && is_mapped(cap, size)) {
    p = mremap(data, cap * size, bytes, MREMAP_MAYMOVE);
    if (p == MAP_FAILED) return NULL;
  } else {
    p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    if (data) memcpy(p, data, n * size);
    free(data);
  }
#ifdef MADV_HUGEPAGE
  madvise(p, bytes, MADV_HUGEPAGE); /* a hint: without it the array still works */
#endif
  return p;
}
#else
static void release(void *data, size_t cap, size_t size) {
  (void)cap; (void)size;
  free(data);
}

static void *grow(void *data, size_t n, size_t cap, size_t newcap, size_t size) {
  (void)n; (void)cap;
  return realloc(data, newcap * size);
}
#endif

void gw_results_free(gw_results *r) {
  if (!r) return;
  release(r->data, r->cap, r->size);
  r->data = NULL;
  r->n = r->cap = 0;
}

void *gw_results_push(gw_results *r) {
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    void *d = grow(r->data, r->n, r->cap, cap, r->size);
    if (!d) return NULL;
    r->data = d;
    r->cap = cap;
  }
  void *slot = (char *)r->data + r->n++ * r->size;
  memset(slot, 0, r->size);
  return slot;
}

void gw_results_init(gw_results *r, size_t size) {
  if (r->size != size) { release(r->data, r->cap, r->size); r->data = NULL; r->n = r->cap = 0; }
  r->size = size;
}
