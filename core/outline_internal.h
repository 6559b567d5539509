/* outline_internal.h — shared by the files of the sectioner (private). */
#ifndef GONGWEN_OUTLINE_INTERNAL_H
#define GONGWEN_OUTLINE_INTERNAL_H
#include <stdint.h>
#include "bigarray.h"
#include "gongwen.h"

/* Grows *data (elements of `size` bytes, capacity *cap) to hold `need`
 * elements, doubling.  Returns 0, or -1 when out of memory. */
int gw_grow(void **data, size_t *cap, size_t need, size_t size);
/* gw_grow with its common case inline: nothing to do. */
static inline int gw_reserve(void **data, size_t *cap, size_t need, size_t size) {
  return need <= *cap ? 0 : gw_grow(data, cap, need, size);
}


/* gw_outline_build given the start of every line of the text (nlines of
 * them, as in gw_doc's index; NULL: it finds them itself). */
int gw_outline_build_lines(const char *text, size_t len, const size_t *line_starts, size_t nlines,
                           gw_outline *out, gw_error *err);

/* ---- numbering diagnostics (outline_diag.c), gathered while building */

#define GW_DIAG_LEVELS 32

/* The children of one open section, as seen so far. */
typedef struct gw_diag_group {
  int expected[GW_DIAG_LEVELS];  /* next number per level (where `seen`) */
  int model[GW_DIAG_LEVELS];     /* first numbered child per level (where `modelled`) */
  uint32_t seen, modelled;
  int first_level;
  size_t waiting;                /* unnumbered children that wait for a model */
} gw_diag_group;

typedef struct gw_finding gw_finding;
typedef struct gw_diag_tracker {
  const char *text;
  gw_outline *o;                 /* its diags are written here */
  size_t cap_diags;
  gw_finding *f;                 /* findings not written yet, in section order */
  size_t n, cap, flushed;
} gw_diag_tracker;

void gw_diag_start(gw_diag_tracker *t, const char *text, gw_outline *o);
void gw_diag_free(gw_diag_tracker *t);

/* A section starts having children (call before the first). */
void gw_diag_group_start(gw_diag_group *g);
/* Section `index` (s) was added to the group of its parent.  Returns 0, or
 * -1 when out of memory. */
int gw_diag_child(gw_diag_tracker *t, gw_diag_group *g, const gw_section *s, size_t index);
/* The section of group g is closed: no more children.  Returns 0, or -1
 * when out of memory.  Findings go to o->diags in line order. */
int gw_diag_group_end(gw_diag_tracker *t, gw_diag_group *g);

#endif
