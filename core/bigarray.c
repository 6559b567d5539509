/* bigarray.c — growable arrays that may reach tens of MB (see bigarray.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "bigarray.h"

#define ARRAY_HEAD 64                      /* keeps the array 64-byte aligned when mapped */
#define MAPPED_BYTES ((size_t)4 << 20)
#define HUGE_PAGE ((size_t)2 << 20)

typedef struct array_head { size_t mapped; } array_head;  /* bytes mapped, 0 when malloc'd */
_Static_assert(sizeof(array_head) <= ARRAY_HEAD, "the header fits");

static char *array_block(void *data) { return data ? (char *)data - ARRAY_HEAD : NULL; }

void gw_big_free(void *data) {
  char *p = array_block(data);
  if (!p) return;
#ifdef MREMAP_MAYMOVE
  size_t mapped = ((array_head *)(void *)p)->mapped;
  if (mapped) { munmap(p, mapped); return; }
#endif
  free(p);
}

/* New block of `bytes` (header included) holding the `keep` bytes of old. */
static char *resize_block(char *old, size_t keep, size_t bytes, size_t *mapped) {
  size_t was = old ? ((array_head *)(void *)old)->mapped : 0;
#ifdef MREMAP_MAYMOVE
  if (bytes >= MAPPED_BYTES) {
    size_t len = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    char *p = was ? mremap(old, was, len, MREMAP_MAYMOVE)
                  : mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE);  /* a hint: where refused, 4 KiB pages */
#endif
    if (!was && old) {
      memcpy(p, old, keep);
      free(old);
    }
    *mapped = len;
    return p;
  }
#endif
  (void)keep; (void)was;
  *mapped = 0;
  return realloc(old, bytes);
}

int gw_big_grow(void **data, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return 0;
  size_t n = *cap ? *cap : 16;
  while (n < need) n *= 2;
  if (n > ((size_t)-1 - ARRAY_HEAD - HUGE_PAGE) / size) return -1;
  size_t mapped;
  char *p = resize_block(array_block(*data), ARRAY_HEAD + *cap * size, ARRAY_HEAD + n * size, &mapped);
  if (!p) return -1;
  ((array_head *)(void *)p)->mapped = mapped;
  *data = p + ARRAY_HEAD;
  *cap = mapped ? (mapped - ARRAY_HEAD) / size : n;
  return 0;
}
