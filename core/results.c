/* results.c — the growable result array shared by the extractors.  Its
 * memory comes from bigarray.c: the results of a large document take tens
 * of MB. */
#include <string.h>
#include "bigarray.h"
#include "gongwen.h"
#include "results.h"

void gw_results_free(gw_results *r) {
  if (!r) return;
  gw_big_free(r->data);
  r->data = NULL;
  r->n = r->cap = 0;
}

void *gw_results_push(gw_results *r) {
  if (gw_big_reserve(&r->data, &r->cap, r->n + 1, r->size)) return NULL;
  void *slot = (char *)r->data + r->n++ * r->size;
  memset(slot, 0, r->size);
  return slot;
}

int gw_results_append(void *ud, const void *result) {
  gw_results *r = ud;
  if (gw_big_reserve(&r->data, &r->cap, r->n + 1, r->size)) return GW_ENOMEM;
  memcpy((char *)r->data + r->n++ * r->size, result, r->size);
  return GW_OK;
}

void gw_results_init(gw_results *r, size_t size) {
  if (r->size != size) { gw_big_free(r->data); r->data = NULL; r->n = r->cap = 0; }
  r->size = size;
}
