/* part.c — the report part a level-1 heading belongs to (measures,
 * leadership, problems, plans), from the words in core/data/parts.txt. */
#include <string.h>
#include "date.h"
#include "gongwen.h"
#include "wordlist.h"

static const char *const part_tags[] = {"measures", "leadership", "problems", "plans", NULL};

static int add_part(const char *parts[4], int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (parts[i] == name) return n;
  if (n < 4) parts[n++] = name;
  return n;
}

static int has_part(const char *const parts[4], int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (parts[i] == name) return 1;
  return 0;
}

static int drop_part(const char *parts[4], int n, const char *name) {
  int k = 0;
  for (int i = 0; i < n; i++)
    if (parts[i] != name) parts[k++] = parts[i];
  return k;
}

static int is_rule(const gw_word *w, const char *kind) {
  return w->arg && w->arglen == strlen(kind) && memcmp(w->arg, kind, w->arglen) == 0;
}

/* The part of the first rule of this kind ("start" or "any") that matches at
 * p, or NULL. */
static const char *rule_at(const gw_wordlist *wl, const char *kind, const char *p, const char *end) {
  size_t count;
  const gw_word *w = gw_wordlist_candidates(wl, p, end, &count);
  for (size_t i = 0; i < count; i++)
    if (w[i].tag > 0 && is_rule(&w[i], kind) && gw_word_at(&w[i], p, end)) return part_tags[w[i].tag - 1];
  return NULL;
}

int gw_classify_part_lx(const gw_lexicon *lx, const char *title, size_t len, const char *parts[4]) {
  const gw_wordlist *wl = &lx->parts;
  const char *end = title + len;
  int n = 0;
  for (const char *p = title; p < end; p += gw_u8len((unsigned char)*p)) {
    size_t count;
    const gw_word *w = gw_wordlist_candidates(wl, p, end, &count);
    for (size_t i = 0; i < count; i++)
      if (!w[i].arg && w[i].tag > 0 && gw_word_at(&w[i], p, end))
        n = add_part(parts, n, part_tags[w[i].tag - 1]);
  }
  /* the leadership heading reads 第一责任人职责(工作)情况: its 工作情况 names no
   * second part */
  if (has_part(parts, n, part_tags[1])) n = drop_part(parts, n, part_tags[0]);
  if (n > 0) return n;
  const char *p = title;
  gw_date d;
  size_t used = gw_date_at(title, p, end, &d);  /* 2024年推进… */
  if (used && d.month == 0) {
    p += used;
    if ((size_t)(end - p) >= 3 && memcmp(p, "度", 3) == 0) p += 3;
  }
  const char *part = rule_at(wl, "start", p, end);
  for (p = title; !part && p < end; p += gw_u8len((unsigned char)*p)) part = rule_at(wl, "any", p, end);
  if (part) parts[n++] = part;
  return n;
}

int gw_lexicon_load_parts(gw_lexicon *lx) { return gw_wordlist_load(&lx->parts, "parts", part_tags); }

int gw_classify_part(const char *title, size_t len, const char *parts[4]) {
  gw_lexicon lx;
  memset(&lx, 0, sizeof lx);
  int n = gw_lexicon_load_parts(&lx) ? 0 : gw_classify_part_lx(&lx, title, len, parts);
  gw_lexicon_clear(&lx);
  return n;
}
