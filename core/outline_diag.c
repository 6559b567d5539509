/* outline_diag.c — numbering diagnostics of an outline.  The builder reports
 * each section to the group of its parent as it opens it (gaps, repeats,
 * restarts, unnumbered headings among numbered ones, levels mixed), so no
 * pass over the finished tree is needed.  Findings are written out in
 * section order as soon as those before them are settled (an unnumbered
 * heading waits until its siblings are known), while their text is hot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "numbering.h"
#include "outline_internal.h"

enum { D_NONE, D_GAP, D_REPEAT, D_RESTART, D_BACK, D_UNNUMBERED, D_WAITING };
#define NO_FINDING ((size_t)-1)

struct gw_finding {
  size_t section;
  int kind;
  int expected;      /* the number this heading should have had */
  int mixed_level;   /* level of the first sibling when this one differs, else 0 */
  int model;         /* a numbered sibling at the same level (for unnumbered ones), or -1 */
  size_t next_waiting;  /* D_WAITING: the next unnumbered sibling waiting for a model */
};

/* The label of section s with another number, e.g. （三） -> （二）. */
static void relabel(const char *text, const gw_section *s, int number, char *out, size_t cap) {
  gw_label l;
  if (number < 1 || !gw_label_parse(text, s->stop, s->label_start, &l) ||
      !gw_label_format(text, &l, number, out, cap))
    snprintf(out, cap, "#%d", number);
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
  if (gw_big_reserve((void **)&o->diags, cap, o->ndiags + 1, sizeof *o->diags)) return -1;
  gw_diag *d = &o->diags[o->ndiags++];
  d->line = line;
  const char *parts[] = {message, NULL};
  join(d->message, sizeof d->message, parts);
  return 0;
}

static int write_finding(const char *text, gw_outline *o, const gw_finding *f, size_t *cap) {
  const gw_section *s = &o->sections[f->section];
  if (f->kind == D_NONE && !f->mixed_level) return 0;
  char label[64], want[64], prev[64], msg[sizeof o->diags[0].message];
  size_t n = s->label_stop - s->label_start;
  if (n > 48) n = 48;
  memcpy(label, text + s->label_start, n);
  label[n] = '\0';
  msg[0] = '\0';
  switch (f->kind) {
  case D_GAP: {
    relabel(text, s, f->expected, want, sizeof want);
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
    relabel(text, s, f->expected - 1, prev, sizeof prev);
    const char *parts[] = {"numbering ", f->kind == D_RESTART ? "restarts at " : "goes back to ",
                           label, " after ", prev, NULL};
    join(msg, sizeof msg, parts);
    break;
  }
  case D_UNNUMBERED: {
    relabel(text, &o->sections[f->model], f->expected, want, sizeof want);
    const char *parts[] = {"heading without number where ", want, " expected", NULL};
    join(msg, sizeof msg, parts);
    break;
  }
  default:
    break;
  }
  if (msg[0] && add_diag(o, cap, s->line, msg)) return -1;
  if (f->mixed_level) {
    snprintf(msg, sizeof msg, "levels mixed among siblings: level %d heading after level %d ones",
             s->level, f->mixed_level);
    if (add_diag(o, cap, s->line, msg)) return -1;
  }
  return 0;
}

void gw_diag_group_start(gw_diag_group *g) {
  g->seen = g->modelled = 0;
  g->first_level = 0;
  g->waiting = NO_FINDING;
}

/* Writes the findings that are settled and have no unsettled one before them. */
static int flush(gw_diag_tracker *t) {
  for (; t->flushed < t->n && t->f[t->flushed].kind != D_WAITING; t->flushed++)
    if (write_finding(t->text, t->o, &t->f[t->flushed], &t->cap_diags)) return -1;
  if (t->flushed == t->n) t->n = t->flushed = 0;  /* nothing waits: no link into the list is left */
  return 0;
}

static int add_finding(gw_diag_tracker *t, const gw_finding *f) {
  if (gw_reserve((void **)&t->f, &t->cap, t->n + 1, sizeof *t->f)) return -1;
  t->f[t->n++] = *f;
  return flush(t);
}

int gw_diag_child(gw_diag_tracker *t, gw_diag_group *g, const gw_section *s, size_t index) {
  gw_finding f = {index, D_NONE, 0, 0, -1, NO_FINDING};
  int l = s->level < GW_DIAG_LEVELS ? s->level : GW_DIAG_LEVELS - 1;
  uint32_t bit = 1u << l;
  if (!(g->seen & bit)) { g->seen |= bit; g->expected[l] = 1; }
  if (!g->first_level) g->first_level = s->level;
  else if (s->level != g->first_level) f.mixed_level = g->first_level;
  if (!s->numbered) {
    f.expected = g->expected[l]++;
    if (g->modelled & bit) { f.kind = D_UNNUMBERED; f.model = g->model[l]; }
    else { f.kind = D_WAITING; f.next_waiting = g->waiting; g->waiting = t->n; }  /* a model may follow */
  } else {
    if (!(g->modelled & bit)) { g->modelled |= bit; g->model[l] = (int)index; }
    int e = g->expected[l], v = s->number;
    f.expected = e;
    if (v > e) f.kind = D_GAP;
    else if (v == e - 1) f.kind = D_REPEAT;
    else if (v < e - 1) f.kind = v == 1 ? D_RESTART : D_BACK;
    g->expected[l] = v + 1;
  }
  return f.kind == D_NONE && !f.mixed_level ? 0 : add_finding(t, &f);
}

int gw_diag_group_end(gw_diag_tracker *t, gw_diag_group *g) {
  for (size_t k = g->waiting; k != NO_FINDING; k = t->f[k].next_waiting) {
    gw_finding *f = &t->f[k];
    int level = t->o->sections[f->section].level, l = level < GW_DIAG_LEVELS ? level : GW_DIAG_LEVELS - 1;
    if (g->modelled & (1u << l)) { f->kind = D_UNNUMBERED; f->model = g->model[l]; }
    else f->kind = D_NONE;
  }
  if (g->waiting == NO_FINDING) return 0;
  g->waiting = NO_FINDING;
  return flush(t);
}

void gw_diag_start(gw_diag_tracker *t, const char *text, gw_outline *o) {
  memset(t, 0, sizeof *t);
  t->text = text;
  t->o = o;
}

void gw_diag_free(gw_diag_tracker *t) {
  free(t->f);
  t->f = NULL;
  t->n = t->cap = t->flushed = 0;
}
