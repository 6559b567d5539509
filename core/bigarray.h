/* bigarray.h — growable arrays that may reach tens of MB (private to core/).
 *
 * The outline's sections and the extractors' results of a 256 MiB document
 * take 40-90 MB.  From a few MB on such an array is anonymous memory grown
 * with mremap, which moves page tables instead of copying, and marked for
 * transparent huge pages: ~20 page faults instead of ~10,000 (on this kind
 * of machine a 4 KiB fault costs more than the work on the text it holds).
 * Smaller arrays are malloc'd.  A header before the array says which, so
 * freeing needs only the pointer. */
#ifndef GONGWEN_BIGARRAY_H
#define GONGWEN_BIGARRAY_H
#include <stddef.h>

/* Makes room for need elements of size bytes in *data (capacity *cap, which
 * may come out larger than asked); the elements held are kept.  Returns 0,
 * or -1 when out of memory (then *data and *cap are unchanged). */
int gw_big_grow(void **data, size_t *cap, size_t need, size_t size);
static inline int gw_big_reserve(void **data, size_t *cap, size_t need, size_t size) {
  return need <= *cap ? 0 : gw_big_grow(data, cap, need, size);
}
/* Frees an array made by gw_big_grow (NULL is fine). */
void gw_big_free(void *data);

#endif
