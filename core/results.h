/* results.h — helpers for gw_results (private to core/). */
#ifndef GONGWEN_RESULTS_H
#define GONGWEN_RESULTS_H
#include "gongwen.h"

/* Prepares r for elements of size bytes; results already in r are kept when
 * the size matches (so a caller may reuse one array), dropped otherwise.
 * A zeroed gw_results is a valid empty array. */
void gw_results_init(gw_results *r, size_t size);
/* Appends one zeroed element and returns it, or NULL when out of memory. */
void *gw_results_push(gw_results *r);
/* A gw_each_fn (extract_each.h) appending a copy of result to the
 * gw_results ud; returns GW_ENOMEM when memory runs out. */
int gw_results_append(void *ud, const void *result);

#endif
