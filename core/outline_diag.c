/* outline_diag.c — numbering diagnostics of a built outline.  Each group of
 * siblings is checked level by level (gaps, repeats, restarts, unnumbered
 * headings among numbered ones, levels mixed); the findings are kept per
 * section and written out in section order, which is line order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "numbering.h"
#include "outline_internal.h"

#define MAX_LEVELS 32

enum { D_NONE, D_GAP, D_REPEAT, D_RESTART, D_BACK, D_UNNUMBERED };

typedef struct finding {
  int kind;
  int expected;      /* the number this heading should have had */
  int mixed_level;   /* level of the first sibling when this one differs, else 0 */
  int model;         /* a numbered sibling at the same level (for unnumbered ones), or -1 */
} finding;

/* The label of section s with another number, e.g. （三） -> （二）. */
static void relabel(const char *text, const gw_section *s, int number, char *out, size_t cap) {
  gw_label l;
  if (number < 1 || !gw_label_parse(text, s->stop, s->label_start, &l) ||
      !gw_label_format(text, &l, number, out, cap))
    snprintf(out, cap, "#%d", number);
}

static void check_group(const gw_outline *o, int parent, finding *f) {
  int expected[MAX_LEVELS], model[MAX_LEVELS];
  for (int l = 0; l < MAX_LEVELS; l++) { expected[l] = 1; model[l] = -1; }
  int first_level = 0;
  for (int c = o->sections[parent].first_child; c >= 0; c = o->sections[c].next_sibling) {
    const gw_section *s = &o->sections[c];
    if (s->numbered && s->level < MAX_LEVELS && model[s->level] < 0) model[s->level] = c;
  }
  for (int c = o->sections[parent].first_child; c >= 0; c = o->sections[c].next_sibling) {
    const gw_section *s = &o->sections[c];
    int l = s->level < MAX_LEVELS ? s->level : MAX_LEVELS - 1;
    if (!first_level) first_level = s->level;
    else if (s->level != first_level) f[c].mixed_level = first_level;
    if (!s->numbered) {
      if (model[l] >= 0) { f[c].kind = D_UNNUMBERED; f[c].expected = expected[l]; f[c].model = model[l]; }
      expected[l]++;
      continue;
    }
    int e = expected[l], v = s->number;
    f[c].expected = e;
    if (v > e) f[c].kind = D_GAP;
    else if (v == e - 1) f[c].kind = D_REPEAT;
    else if (v < e - 1) f[c].kind = v == 1 ? D_RESTART : D_BACK;
    expected[l] = v + 1;
  }
}

/* Concatenates the strings of the NULL-terminated list into out (cap bytes);
 * cheaper than snprintf, which shows in profiles of concatenated corpora
 * (every report restarts at 一、). */
static void join(char *out, size_t cap, const char *const *parts) {
  size_t n = 0;
  for (; *parts; parts++) {
    size_t k = strlen(*parts);
    if (k > cap - 1 - n) k = cap - 1 - n;
    memcpy(out + n, *parts, k);
    n += k;
  }
  out[n] = '\0';
}

static int add_diag(gw_outline *o, size_t *cap, size_t line, const char *message) {
  if (gw_grow((void **)&o->diags, cap, o->ndiags + 1, sizeof *o->diags)) return -1;
  gw_diag *d = &o->diags[o->ndiags++];
  d->line = line;
  const char *parts[] = {message, NULL};
  join(d->message, sizeof d->message, parts);
  return 0;
}

static int write_findings(const char *text, gw_outline *o, const finding *f, size_t i, size_t *cap) {
  const gw_section *s = &o->sections[i];
  if (f[i].kind == D_NONE && !f[i].mixed_level) return 0;
  char label[64], want[64], prev[64], msg[sizeof o->diags[0].message];
  size_t n = s->label_stop - s->label_start;
  if (n > 48) n = 48;
  memcpy(label, text + s->label_start, n);
  label[n] = '\0';
  msg[0] = '\0';
  switch (f[i].kind) {
  case D_GAP: {
    relabel(text, s, f[i].expected, want, sizeof want);
    const char *parts[] = {"numbering gap: ", want, " expected, found ", label, NULL};
    join(msg, sizeof msg, parts);
    break;
  }
  case D_REPEAT: {
    const char *parts[] = {"numbering repeats: ", label, " again", NULL};
    join(msg, sizeof msg, parts);
    break;
  }
  case D_RESTART:
  case D_BACK: {
    relabel(text, s, f[i].expected - 1, prev, sizeof prev);
    const char *parts[] = {"numbering ", f[i].kind == D_RESTART ? "restarts at " : "goes back to ",
                           label, " after ", prev, NULL};
    join(msg, sizeof msg, parts);
    break;
  }
  case D_UNNUMBERED: {
    relabel(text, &o->sections[f[i].model], f[i].expected, want, sizeof want);
    const char *parts[] = {"heading without number where ", want, " expected", NULL};
    join(msg, sizeof msg, parts);
    break;
  }
  default:
    break;
  }
  if (msg[0] && add_diag(o, cap, s->line, msg)) return -1;
  if (f[i].mixed_level) {
    snprintf(msg, sizeof msg, "levels mixed among siblings: level %d heading after level %d ones",
             s->level, f[i].mixed_level);
    if (add_diag(o, cap, s->line, msg)) return -1;
  }
  return 0;
}

int gw_outline_diagnose(const char *text, gw_outline *o) {
  if (o->nsections == 0) return 0;
  finding *f = calloc(o->nsections, sizeof *f);
  if (!f) return -1;
  for (size_t i = 0; i < o->nsections; i++)
    if (o->sections[i].first_child >= 0) check_group(o, (int)i, f);
  size_t cap = 0;
  int r = 0;
  for (size_t i = 1; i < o->nsections && r == 0; i++) r = write_findings(text, o, f, i, &cap);
  free(f);
  return r;
}
