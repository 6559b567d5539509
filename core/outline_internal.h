/* outline_internal.h — shared by the files of the sectioner (private). */
#ifndef GONGWEN_OUTLINE_INTERNAL_H
#define GONGWEN_OUTLINE_INTERNAL_H
#include "gongwen.h"

/* Grows *data (elements of `size` bytes, capacity *cap) to hold `need`
 * elements, doubling.  Returns 0, or -1 when out of memory. */
int gw_grow(void **data, size_t *cap, size_t need, size_t size);

/* Appends the inline enumerations (一是…二是…, 1.…2.…, （1）…) found in
 * [from, to) of text to o->items (capacity *cap) and records them as s's
 * items.  Returns 0, or -1 when out of memory. */
int gw_scan_items(const char *text, size_t from, size_t to, gw_outline *o, size_t *cap,
                  gw_section *s);

/* Fills o->diags with the numbering diagnostics of a built tree (gaps,
 * repeats, restarts, unnumbered headings among numbered siblings, levels
 * mixed among siblings), in line order.  Returns 0, or -1 when out of memory. */
int gw_outline_diagnose(const char *text, gw_outline *o);

#endif
