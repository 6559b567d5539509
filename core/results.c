/* results.c — the growable result array shared by the extractors. */
#include <stdlib.h>
#include <string.h>
#include "gongwen.h"
#include "results.h"

void gw_results_free(gw_results *r) {
  if (!r) return;
  free(r->data);
  r->data = NULL;
  r->n = r->cap = 0;
}

void *gw_results_push(gw_results *r) {
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    void *d = realloc(r->data, cap * r->size);
    if (!d) return NULL;
    r->data = d;
    r->cap = cap;
  }
  void *slot = (char *)r->data + r->n++ * r->size;
  memset(slot, 0, r->size);
  return slot;
}

void gw_results_init(gw_results *r, size_t size) {
  if (r->size != size) { free(r->data); r->data = NULL; r->n = r->cap = 0; }
  r->size = size;
}
