/* citation.c — titles cited in 《…》 with their kind (law, plan, internal,
 * book, other) and a normalised law name; “…” terms.  Rules in
 * core/data/citation_kinds.txt and law_names.txt. */
#include <string.h>
#include "gongwen.h"
#include "extract_each.h"
#include "results.h"
#include "wordlist.h"

/* Longest title or term looked at, in bytes: an unclosed bracket gives up here. */
#define MAX_TITLE 600

enum { KIND_LAW = 1, KIND_PLAN, KIND_INTERNAL, KIND_BOOK, KIND_OTHER };
static const char *const kind_tags[] = {"law", "plan", "internal", "book", "other", NULL};

const char *gw_citation_kind_name(gw_citation_kind k) {
  switch (k) {
  case GW_CITE_LAW: return "law";
  case GW_CITE_PLAN: return "plan";
  case GW_CITE_INTERNAL: return "internal";
  case GW_CITE_BOOK: return "book";
  default: return "other";
  }
}

static int ends_with(const char *b, const char *e, const char *s, size_t n) {
  /* the last byte first: most rules fail there, without a call */
  return (size_t)(e - b) >= n && (n == 0 || e[-1] == s[n - 1]) && memcmp(e - n, s, n) == 0;
}

/* The title without trailing blanks, closing quotes and a trailing （…）/(…):
 * 法治政府建设实施纲要（2021—2025年） -> 法治政府建设实施纲要. */
static void core_title(const char **b, const char **e) {
  for (;;) {
    const char *e0 = *e;
    while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '"')) (*e)--;
    if (ends_with(*b, *e, "”", 3) || ends_with(*b, *e, "’", 3) || ends_with(*b, *e, "　", 3)) *e -= 3;
    int close3 = ends_with(*b, *e, "）", 3), close1 = *e > *b && (*e)[-1] == ')';
    if (close3 || close1) {
      const char *open = NULL;
      for (const char *p = *b; p < *e; p++) {
        if ((size_t)(*e - p) >= 3 && memcmp(p, "（", 3) == 0) open = p;
        else if (*p == '(') open = p;
      }
      if (open && open > *b) *e = open;
    }
    if (*e == e0) return;
  }
}

/* The chars before the first occurrence of marker in [b, e) within the
 * first 8 characters; -1 when absent. */
static int org_marker_pos(const char *b, const char *e, const char *m, size_t n) {
  int chars = 0;
  for (const char *p = b; p < e && chars <= 8; p += gw_u8len((unsigned char)*p), chars++)
    if ((size_t)(e - p) >= n && (n == 0 || *p == *m) && memcmp(p, m, n) == 0) return chars;
  return -1;
}

static int rule_matches(const gw_word *r, const char *b, const char *e) {
  size_t n = r->len;
  if (!r->arg) return 0;
  if (r->arglen == 6 && memcmp(r->arg, "prefix", 6) == 0)
    return (size_t)(e - b) >= n && (n == 0 || b[0] == r->s[0]) && memcmp(b, r->s, n) == 0;
  if (r->arglen == 6 && memcmp(r->arg, "suffix", 6) == 0) return ends_with(b, e, r->s, n);
  if (r->arglen == 8 && memcmp(r->arg, "contains", 8) == 0)
    return gw_find_short(b, (size_t)(e - b), r->s, n) != NULL;
  if (r->arglen == 3 && memcmp(r->arg, "org", 3) == 0) return org_marker_pos(b, e, r->s, n) >= 2;
  return 0;
}

static int is_suffix_rule(const gw_word *r) {
  return r->arg && r->arglen == 6 && memcmp(r->arg, "suffix", 6) == 0;
}

/* The rules that are not suffixes (prefix, org, contains), in file order:
 * the few that classify tries one by one.  Made once per extraction call. */
#define MAX_OTHER_RULES 64
typedef struct other_rules {
  int n;                        /* -1: more than MAX_OTHER_RULES, try every rule */
  unsigned short at[MAX_OTHER_RULES];
} other_rules;

static void find_other_rules(const gw_wordlist *kinds, other_rules *o) {
  o->n = 0;
  for (size_t i = 0; i < kinds->n && o->n >= 0; i++) {
    if (is_suffix_rule(&kinds->rules[i])) continue;
    if (o->n == MAX_OTHER_RULES || i > 0xFFFF) o->n = -1;
    else o->at[o->n++] = (unsigned short)i;
  }
}

/* The kind of the first rule (in file order) that matches.  Most rules are
 * suffixes: only those ending in the title's last character can match, and
 * the list keeps them grouped by it (the back buckets), so the other
 * suffix rules are not tried one by one. */
static gw_citation_kind classify(const gw_wordlist *kinds, const other_rules *o, const char *b,
                                 const char *e) {
  core_title(&b, &e);
  int first = (int)kinds->n; /* index of the first matching rule so far */
  if (e > b) {
    unsigned h = gw_wl_last_bucket(b, e);
    for (unsigned i = kinds->back_bucket[h]; i < kinds->back_bucket[h + 1]; i++) {
      const gw_word *r = &kinds->back[i];
      if (r->line < first && is_suffix_rule(r) && ends_with(b, e, r->s, r->len)) first = r->line;
    }
  }
  if (o->n < 0) {
    for (int i = 0; i < first; i++) {
      const gw_word *r = &kinds->rules[i];
      if (!is_suffix_rule(r) && rule_matches(r, b, e)) { first = i; break; }
    }
  } else {
    for (int k = 0; k < o->n && o->at[k] < first; k++)
      if (rule_matches(&kinds->rules[o->at[k]], b, e)) { first = o->at[k]; break; }
  }
  return first < (int)kinds->n ? (gw_citation_kind)(kinds->rules[first].tag - 1) : GW_CITE_OTHER;
}

/* law_name: the title without a listed prefix (中华人民共和国) and without a
 * trailing （…）, truncated on a character boundary to fit. */
static void law_name(const gw_wordlist *prefixes, const char *b, const char *e, char *out,
                     size_t cap) {
  core_title(&b, &e);
  const gw_word *w = gw_wordlist_match(prefixes, b, e, -1);
  if (w && b + w->len < e) b += w->len;
  size_t n = (size_t)(e - b);
  if (n >= cap) {
    n = cap - 1;
    while (n > 0 && ((unsigned char)b[n] & 0xC0) == 0x80) n--;
  }
  memcpy(out, b, n);
  out[n] = 0;
}

/* Finds bracketed spans open…close (3-byte UTF-8 each) on one line; calls
 * push for each and stops with what it returns when that is not 0.  An open
 * bracket inside a span restarts it. */
typedef int (*span_fn)(void *ud, size_t b, size_t e);

/* The next open bracket: the one long search of the scan.  It moves the
 * line cursor (at p) along to the bracket, counting the LFs it passes. */
static const char *next_open(const char *p, const char *end, const char *open, int avx2,
                             gw_linecur *lines) {
  size_t lf;
  const char *o;
#ifdef GW_HAVE_FIND3_AVX2
  if (avx2) {
    o = gw_find3_lf_avx2(p, end, open, &lf);
  } else
#endif
  {
    o = gw_find3(p, end, open);
    lf = gw_count_lf(p, (size_t)((o ? o : end) - p));
  }
  (void)avx2;
  lines->line += lf;
  lines->pos = o ? o : end;
  return o;
}

static int scan_brackets(const char *text, size_t len, const char *open, const char *close,
                         span_fn push, void *ud, gw_linecur *lines) {
  const char *end = text + len, *p = text;
  int avx2 = strcmp(gw_utf8_impl(), "avx2") == 0; /* the CPU check the validator made */
  while (p < end) {
    gw_line_at(lines, p); /* the cursor to p: over the last title, a few bytes */
    const char *o = next_open(p, end, open, avx2, lines);
    if (!o) break;
    const char *q = o + 3, *stop = end - q > MAX_TITLE ? q + MAX_TITLE : end;
    const char *c = gw_find3(q, stop, close);
    const char *nl = memchr(q, '\n', (size_t)((c ? c : stop) - q));
    const char *inner = gw_find3(q, c ? c : stop, open);
    if (nl) {                                  /* titles do not run over lines */
      p = nl + 1;
    } else if (inner) {                        /* restart at the inner bracket */
      p = inner;
    } else if (c) {
      int rc = push(ud, (size_t)(o - text), (size_t)(c + 3 - text));
      if (rc) return rc;
      p = c + 3;
    } else {
      p = q;
    }
  }
  return GW_OK;
}

typedef struct cite_ctx {
  const char *text;
  gw_each_fn emit;
  void *ud;
  const gw_lexicon *lx;
  int quotes;
  gw_linecur lines;
  other_rules others;
} cite_ctx;

static int push_citation(void *ud, size_t b, size_t e) {
  cite_ctx *c = ud;
  gw_citation citation, *x = &citation;
  memset(x, 0, sizeof *x); /* as a gw_results slot would be: law_name padded with zeros */
  x->start = b; x->stop = e;
  x->title_start = b + 3; x->title_stop = e - 3;
  x->line = gw_line_at(&c->lines, c->text + b);
  const char *tb = c->text + x->title_start, *te = c->text + x->title_stop;
  x->kind = c->quotes ? GW_CITE_OTHER : classify(&c->lx->kinds, &c->others, tb, te);
  if (x->kind == GW_CITE_LAW) law_name(&c->lx->law_prefixes, tb, te, x->law_name, sizeof x->law_name);
  return c->emit(c->ud, x);
}

int gw_lexicon_load_citations(gw_lexicon *lx) {
  if (gw_wordlist_load(&lx->kinds, "citation_kinds", kind_tags) ||
      gw_wordlist_load(&lx->law_prefixes, "law_names", NULL))
    return -1;
  return 0;
}

int gw_extract_citations_each(const gw_lexicon *lx, const char *text, size_t len,
                              gw_each_fn fn, void *ud) {
  cite_ctx c = {.text = text, .emit = fn, .ud = ud, .lx = lx, .lines = {text, 1}};
  find_other_rules(&lx->kinds, &c.others);
  return scan_brackets(text, len, "《", "》", push_citation, &c, &c.lines);
}

int gw_extract_citations_lx(const gw_lexicon *lx, const char *text, size_t len, gw_results *out) {
  gw_results_init(out, sizeof(gw_citation));
  return gw_extract_citations_each(lx, text, len, gw_results_append, out);
}

int gw_extract_citations(const char *text, size_t len, gw_results *out) {
  gw_lexicon lx;
  memset(&lx, 0, sizeof lx);
  int rc = gw_lexicon_load_citations(&lx) ? GW_ENOMEM : gw_extract_citations_lx(&lx, text, len, out);
  gw_lexicon_clear(&lx);
  return rc;
}

int gw_extract_quotes_each(const char *text, size_t len, gw_each_fn fn, void *ud) {
  cite_ctx c = {.text = text, .emit = fn, .ud = ud, .quotes = 1, .lines = {text, 1}};
  return scan_brackets(text, len, "“", "”", push_citation, &c, &c.lines);
}

int gw_extract_quotes(const char *text, size_t len, gw_results *out) {
  gw_results_init(out, sizeof(gw_citation));
  return gw_extract_quotes_each(text, len, gw_results_append, out);
}
