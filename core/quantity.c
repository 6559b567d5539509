/* quantity.c — numbers with counting units (调解点178个, 80余场, 两次) and
 * the noun phrase each one measures.  One pass over the text; the word
 * lists come from core/data (units, stop_phrases, approx, change, verbs,
 * subject_words). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gongwen.h"
#include "cnum.h"
#include "extract_each.h"
#include "results.h"
#include "wordlist.h"

enum { UNIT_NOT = 1 };
enum { APPROX_BEFORE = 1, APPROX_BETWEEN, APPROX_AFTER, APPROX_VAGUE };
enum { CHANGE_RATIO = 1, CHANGE_BEFORE, CHANGE_CLAUSE };
enum { SW_LEAD = 1, SW_TAIL, SW_STOP, SW_ENUM, SW_NOUN };

/* How far back a subject or a fixed phrase may reach, in bytes (~40 characters). */
#define MAX_BACK 120
/* How long a subject after its unit may be, in bytes (~12 characters). */
#define MAX_AFTER 36
/* Longest integer part of a quantity, in digits. */
#define MAX_DIGITS 15
/* The scan tests this many 64-byte blocks at once (the vector constants
 * are set up once for them). */
#define MARK_WORDS 8
/* Most list words (等) subject_words.txt may tag "enum". */
#define MAX_ENUM_WORDS 16

typedef struct qctx {
  const char *text, *end;
  const gw_lexicon *lx;
  const char *last_stop; /* end of the previous quantity: subjects do not reach past it */
  int avx2;              /* scan 32 bytes at a time */
  const char *blk;       /* the window of text whose marks are in mask */
  size_t blen;           /* its length: 64 * MARK_WORDS, or 64 near the end, or 0 */
  uint64_t mask[MARK_WORDS]; /* bit i of word w: maybe a mark at blk + 64 * w + i */
  gw_linecur lines;      /* line numbers of the results */
  const gw_word *enum_words[MAX_ENUM_WORDS]; /* the words tagged enum (等) */
  int n_enum;            /* -1: more than MAX_ENUM_WORDS, ask the list */
  gw_each_fn emit;       /* gets each quantity */
  void *ud;
  int rc;                /* what emit returned when it stopped the scan */
} qctx;

typedef struct span { const char *b, *e; } span;

/* ------------------------------------------------------------ characters */

static int is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_ascii_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

/* 1 for the lead byte of a character in U+4000-9FFF (nearly all the CJK
 * ideographs): no digit, break, bracket or quotation mark starts so. */
static int is_ideograph_lead(unsigned char c) { return c >= 0xE4 && c <= 0xE9; }

/* 1 when the character before p is one of those ideographs (and starts at
 * or after limit): gw_u8prev and is_ideograph_lead in one test. */
static inline int ideograph_before(const char *limit, const char *p) {
  if (p - limit < 3) return 0;
  uint16_t tail;
  memcpy(&tail, p - 2, 2);
  return is_ideograph_lead((unsigned char)p[-3]) && (tail & 0xC0C0) == 0x8080;
}

/* Value of the (ASCII or full-width) digit at p, or -1; *n: its length. */
static int digit_at(const char *p, const char *end, size_t *n) {
  unsigned char c = (unsigned char)*p;
  if (is_ascii_digit(c)) { *n = 1; return c - '0'; }
  if (c == 0xEF && end - p >= 3 && (unsigned char)p[1] == 0xBC &&
      (unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x99) {
    *n = 3; return (unsigned char)p[2] - 0x90;
  }
  return -1;
}

/* 1 when the literal s starts at p: byte by byte, which the compiler
 * unrolls for a literal (memcmp is a call). */
static inline int starts(const char *p, const char *end, const char *s) {
  size_t n = strlen(s);
  if (p > end || (size_t)(end - p) < n) return 0;
  for (size_t i = 0; i < n; i++)
    if (p[i] != s[i]) return 0;
  return 1;
}

/* Clause breaks: punctuation that ends the phrase a number belongs to
 * (， 。 ； ： ！ ？ 、 … and blanks); returns its length or 0. */
static size_t break_at(const char *p, const char *end) {
  const unsigned char *u = (const unsigned char *)p;
  unsigned char c = u[0];
  if (c < 0x80) return (c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n' ||
                        c == ' ' || c == '\t' || c == '|') ? 1 : 0;
  if (end - p < 3) return 0;
  if (c == 0xEF && u[1] == 0xBC) /* ！ ， ： ； ？ */
    return (u[2] == 0x81 || u[2] == 0x8C || u[2] == 0x9A || u[2] == 0x9B || u[2] == 0x9F) ? 3 : 0;
  if (c == 0xE3 && u[1] == 0x80) return (u[2] == 0x80 || u[2] == 0x81 || u[2] == 0x82) ? 3 : 0; /* 　、。 */
  if (c == 0xE2 && u[1] == 0x80 && u[2] == 0xA6) return 3; /* … */
  return 0;
}

static int is_enum_comma(const char *p, const char *end) { return starts(p, end, "、"); }

/* ------------------------------------------------------------ word trimming */

/* 1 when verb w at p is part of a noun (参加率, 培训人员). */
static int verb_in_noun(const qctx *q, const gw_word *w, const char *p, const char *end) {
  return gw_wordlist_match(&q->lx->words, p + w->len, end, SW_NOUN) != NULL;
}

/* Strips leading verbs that are no part of a noun, repeatedly. */
static void trim_lead_verbs(const qctx *q, span *s) {
  const gw_word *w;
  while (s->b < s->e && (w = gw_wordlist_match(&q->lx->verbs, s->b, s->e, -1)) != NULL &&
         !verb_in_noun(q, w, s->b, s->e))
    s->b += w->len;
}

/* Strips words with tag from the start of s, repeatedly. */
static void trim_lead(const gw_wordlist *wl, int tag, span *s) {
  const gw_word *w;
  while (s->b < s->e && (w = gw_wordlist_match(wl, s->b, s->e, tag)) != NULL) s->b += w->len;
}

static void trim_tail(const gw_wordlist *wl, int tag, span *s) {
  const gw_word *w;
  while (s->b < s->e && (w = gw_wordlist_match_back(wl, s->b, s->e, tag)) != NULL) s->e -= w->len;
}

static void trim_all(const qctx *q, span *s) {
  for (;;) {
    const char *b = s->b, *e = s->e;
    trim_lead(&q->lx->words, SW_LEAD, s);
    trim_lead_verbs(q, s);
    trim_tail(&q->lx->words, SW_TAIL, s);
    trim_tail(&q->lx->verbs, -1, s);
    trim_tail(&q->lx->approx, APPROX_BEFORE, s);
    if (s->b == b && s->e == e) return;
  }
}

/* ------------------------------------------------------------ subjects */

/* Start of the clause that ends at e: after the last break, not before the
 * previous quantity, a number (and its 年/月/日) or MAX_BACK bytes (then at
 * the first 《 if any, not mid-title).  across_enum: a list joined by 、
 * counts as one clause.  *at_enum (when not NULL): 1 when the walk stopped
 * at a 、 (else across_enum would give the same start). */
static const char *clause_begin(const qctx *q, const char *e, int across_enum, int *at_enum) {
  const char *limit = e - q->text > MAX_BACK ? e - MAX_BACK : q->text;
  int capped = limit > q->text;
  if (q->last_stop >= limit) { limit = q->last_stop; capped = 0; }
  const char *p = e;
  int at_digit = 0;
  while (p > limit) {
    if (ideograph_before(limit, p)) { p -= 3; continue; } /* most of them */
    const char *c = gw_u8prev(limit, p);
    size_t n;
    if (digit_at(c, q->end, &n) >= 0) { at_digit = 1; break; }
    if (break_at(c, q->end)) {
      int comma = is_enum_comma(c, q->end);
      if (!(across_enum && comma)) {
        if (at_enum) *at_enum = comma;
        capped = 0;
        break;
      }
    }
    p = c;
  }
  /* never start inside a character cut by the byte limit */
  while (p < e && ((unsigned char)*p & 0xC0) == 0x80) p++;
  if (at_digit) {
    capped = 0;
    while (starts(p, e, "年") || starts(p, e, "月") || starts(p, e, "日") || starts(p, e, "度"))
      p += 3;
  }
  if (capped && p < e) {
    const char *t = gw_find3(p, e, "《");
    if (t) p = t;
  }
  return p;
}

/* The last verb in s that has words after it and is not part of a noun
 * (参加率), or NULL. */
static const char *last_verb(const qctx *q, span s, size_t *len) {
  for (const char *p = gw_u8prev(s.b, s.e); p > s.b;) { /* from the end: the first hit is the last */
    p = gw_u8prev(s.b, p);
    const gw_word *w = gw_wordlist_match(&q->lx->verbs, p, s.e, -1);
    if (w && p + w->len < s.e && !verb_in_noun(q, w, p, s.e)) { *len = w->len; return p; }
  }
  return NULL;
}

/* The last occurrence of the 3-byte character c in sp, or NULL. */
static const char *last_of(span sp, const char *c) {
  if (sp.e - sp.b < 3) return NULL;
  /* memrchr finds the candidates for the last byte, the rest is checked */
  for (const char *e = sp.e, *t; (t = memrchr(sp.b + 2, c[2], (size_t)(e - sp.b - 2))) != NULL; e = t)
    if (t[-2] == c[0] && t[-1] == c[1]) return t - 2;
  return NULL;
}

/* A subject holds whole quoted terms: “法律明白人”培训 keeps its opening mark
 * (trimmed as a lead word), 法律明白人” loses its closing one. */
static void balance_quotes(const char *lower, span *s) {
  const char *close = gw_find3(s->b, s->e, "”");
  if (!close) return;
  const char *open = gw_find3(s->b, close, "“");
  if (open) return;
  if (close + 3 == s->e) s->e = close;
  else if (s->b - lower >= 3 && starts(s->b - 3, s->b, "“")) s->b -= 3;
}

/* 1 when s holds a word that joins a list into one subject (等).  These
 * words are few (qctx.enum_words), so each is looked for in s, instead of
 * asking the list at every character of s: UTF-8 words start only at
 * character starts, so a byte match is a word match. */
static int has_enum_word(const qctx *q, span s) {
  if (q->n_enum < 0) { /* more than MAX_ENUM_WORDS: ask at every character */
    for (const char *p = s.b; p < s.e; p += gw_u8len((unsigned char)*p))
      if (gw_wordlist_match(&q->lx->words, p, s.e, SW_ENUM)) return 1;
    return 0;
  }
  for (int i = 0; i < q->n_enum; i++) {
    const gw_word *w = q->enum_words[i];
    if (w->len < 3) {
      if (gw_find_short(s.b, (size_t)(s.e - s.b), w->s, w->len)) return 1;
      continue;
    }
    for (const char *f = s.b; (f = gw_find3(f, s.e, w->s)) != NULL; f++) /* 16 bytes a step */
      if ((size_t)(s.e - f) >= w->len && memcmp(f + 3, w->s + 3, w->len - 3) == 0) return 1;
  }
  return 0;
}

/* The subject in front of the number: the clause minus its verb and fillers.
 * *text_begin: where the quantity's text starts (the verb stays in it). */
static span subject_before(const qctx *q, const char *e, const char **text_begin) {
  int at_enum = 0; /* the clause starts after a 、 */
  span s = {clause_begin(q, e, 0, &at_enum), e};
  /* 消防、生产等安全宣传活动: a list with 等 is one subject (the clause
   * across 、 differs from s only when s starts after a 、) */
  if (at_enum && has_enum_word(q, s)) s.b = clause_begin(q, e, 1, NULL);
  span t = s;
  trim_tail(&q->lx->words, SW_TAIL, &t);
  trim_tail(&q->lx->approx, APPROX_BEFORE, &t);
  *text_begin = t.b;
  const gw_word *en = gw_wordlist_match_back(&q->lx->words, t.b, t.e, SW_ENUM);
  if (en && t.e - en->len > t.b) t.e -= en->len; /* 宣传单、明白纸等 */
  s = t;
  size_t vlen;
  const char *v = last_verb(q, s, &vlen);
  if (v) s.b = v + vlen;
  const char *title = last_of(s, "》"); /* 《宪法》《民法典》等宣传读本: the noun after the titles */
  if (title && title + 3 < s.e) s.b = title + 3;
  trim_all(q, &s);
  const char *de = last_of(s, "的");
  if (de && de + 3 < s.e) s.b = de + 3;
  balance_quotes(*text_begin, &s);
  return s;
}

static int is_cjk_start(const char *p, const char *end) {
  unsigned char c = (unsigned char)*p;
  size_t n;
  if (c < 0xE4 || c > 0xE9 || break_at(p, end)) return 0;
  return gw_cnum_digit(p, end, &n) < 0 || gw_cnum_digit(p, end, &n) == 1; /* 一 starts words */
}

/* The subject after the unit (2次法治专题集中学习, 40名“法律明白人”), or an
 * empty span when the words after the unit are no noun phrase. */
static span subject_after(const qctx *q, const char *p) {
  span none = {p, p};
  if (starts(p, q->end, "“")) p += 3;
  if (p >= q->end || !is_cjk_start(p, q->end)) return none;
  if (gw_wordlist_match(&q->lx->verbs, p, q->end, -1) || gw_wordlist_match(&q->lx->words, p, q->end, SW_STOP))
    return none;
  span s = {p, p};
  const char *limit = q->end - p > MAX_AFTER ? p + MAX_AFTER : q->end;
  int paren = 0;
  while (s.e < limit) {
    const char *c = s.e;
    size_t n;
    int ideograph = is_ideograph_lead((unsigned char)*c); /* no break, digit or bracket */
    if (!ideograph && (break_at(c, q->end) || starts(c, q->end, "”") || starts(c, q->end, "》") ||
                       digit_at(c, q->end, &n) >= 0))
      break;
    if (c > s.b && !paren && (gw_wordlist_match(&q->lx->verbs, c, q->end, -1) ||
                              gw_wordlist_match(&q->lx->words, c, q->end, SW_STOP)))
      break;
    if (!ideograph && (starts(c, q->end, "（") || *c == '(')) paren = 1;
    size_t len = gw_u8len((unsigned char)*c);
    if (s.e + len > q->end) break;
    s.e += len;
    if (paren && !ideograph && (starts(c, q->end, "）") || *c == ')')) break; /* 村（社区） ends the noun */
  }
  /* a cut at MAX_AFTER never splits a character: s.e advances by whole characters */
  return s;
}

/* ------------------------------------------------------------ the checks */

/* 1 when a fixed phrase (四个意识, 一庭两所) covers the byte at num. */
static int in_stop_phrase(const qctx *q, const char *num) {
  /* such a phrase holds the number's first byte: most numbers are Arabic,
   * and no phrase holds a digit */
  if (!gw_wordlist_has_byte(&q->lx->stops, (unsigned char)*num)) return 0;
  const char *p = num;
  for (int back = 0; back < 6; back++) {
    size_t n;
    const gw_word *w = gw_wordlist_candidates(&q->lx->stops, p, q->end, &n);
    for (size_t i = 0; i < n; i++)
      if (gw_word_at(&w[i], p, q->end) && p + w[i].len > num) return 1;
    if (p == q->text) break;
    p = gw_u8prev(q->text, p);
  }
  return 0;
}

/* 1 when a ratio (%, 个百分点) states a change: 同比增长12%, 下降3个百分点. */
static int is_change(const qctx *q, const char *before, const char *unit_b, const char *unit_e) {
  /* the unit is a ratio when it is one of the ratio words: then the longest
   * ratio word within it is the whole unit */
  const gw_word *ratio = gw_wordlist_match(&q->lx->change, unit_b, unit_e, CHANGE_RATIO);
  if (!ratio || ratio->len != (size_t)(unit_e - unit_b)) return 0;
  const char *lo = before - q->text > MAX_BACK ? before - MAX_BACK : q->text;
  if (gw_wordlist_match_back(&q->lx->change, lo, before, CHANGE_BEFORE)) return 1;
  const char *b = clause_begin(q, before, 0, NULL);
  for (const char *p = b; p < before; p += gw_u8len((unsigned char)*p))
    if (gw_wordlist_match(&q->lx->change, p, before, CHANGE_CLAUSE)) return 1;
  return 0;
}

/* The unit after p: the longest unit, unless a "not" word starts there. */
static const gw_word *unit_at(const qctx *q, const char *p) {
  const gw_word *w = gw_wordlist_match(&q->lx->units, p, q->end, -1);
  if (!w || w->tag == UNIT_NOT) return NULL;
  return w;
}

/* 1 when the Arabic number [b, e) is part of a date, code or number like
 * 12·4, 2025-01-17, 11370303004217450U/2025, 〔2024〕7号. */
static int is_code_part(const qctx *q, const char *b, const char *e) {
  /* (an ideograph on either side, the common case, is none of the marks below) */
  if (b > q->text && !ideograph_before(q->text, b)) {
    const char *c = gw_u8prev(q->text, b);
    unsigned char ch = (unsigned char)*c;
    if (is_ascii_alpha(ch) || ch == '_' || starts(c, q->end, "〕") || starts(c, q->end, "]") ||
        starts(c, q->end, "］"))
      return 1;
    if (ch == '-' || ch == '/' || ch == '.' || ch == ':' || starts(c, q->end, "·") ||
        starts(c, q->end, "•") || starts(c, q->end, "．") || starts(c, q->end, "－") ||
        starts(c, q->end, "—")) {
      const char *d = gw_u8prev(q->text, c);
      size_t n;
      if (c > q->text && (digit_at(d, q->end, &n) >= 0 || is_ascii_alpha((unsigned char)*d)))
        return 1;
    }
  }
  if (e < q->end && !is_ideograph_lead((unsigned char)*e)) {
    unsigned char ch = (unsigned char)*e;
    if (is_ascii_alpha(ch) || ch == '_') return 1;
    if (ch == '-' || ch == '/' || ch == ':' || starts(e, q->end, "·") || starts(e, q->end, "•") ||
        starts(e, q->end, "－")) {
      const char *d = e + gw_u8len(ch);
      size_t n;
      if (d < q->end && digit_at(d, q->end, &n) >= 0) return 1;
    }
  }
  return 0;
}

/* ------------------------------------------------------------ one quantity */

/* Tries the number [b, e) of value v; emits a quantity when a unit follows
 * and no rule excludes it.  Returns where scanning goes on, or NULL when
 * emit stopped the scan. */
static const char *candidate(qctx *q, const char *b, const char *e, double v) {
  const char *p = e;
  const gw_word *between = gw_wordlist_match(&q->lx->approx, p, q->end, APPROX_BETWEEN);
  if (between) p += between->len;
  const gw_word *unit = unit_at(q, p);
  if (!unit) return e;
  /* ordinals (第一) and vague numbers (数十次) */
  const char *prev = b > q->text ? gw_u8prev(q->text, b) : NULL;
  if (prev && starts(prev, q->end, "第")) return e;
  if (gw_wordlist_match_back(&q->lx->approx, q->text, b, APPROX_VAGUE)) return e;

  const char *ub = p, *ue = p + unit->len;
  const gw_word *after = between ? NULL : gw_wordlist_match(&q->lx->approx, ue, q->end, APPROX_AFTER);

  const char *lo = b - q->text > 12 ? b - 12 : q->text;
  const gw_word *before = gw_wordlist_match_back(&q->lx->approx, lo, b, APPROX_BEFORE);
  const char *front = before ? b - before->len : b;
  if (in_stop_phrase(q, b) || is_change(q, front, ub, ue)) return ue;

  gw_quantity quantity, *x = &quantity;
  memset(x, 0, sizeof *x);
  x->value = v;
  x->num_start = (size_t)(b - q->text); x->num_stop = (size_t)(e - q->text);
  x->unit_start = (size_t)(ub - q->text); x->unit_stop = (size_t)(ue - q->text);
  const char *ab = NULL, *ae = NULL;
  if (before) { ab = front; ae = b; }
  else if (between) { ab = e; ae = e + between->len; }
  else if (after) { ab = ue; ae = ue + after->len; }
  x->approx = ab != NULL;
  x->approx_start = ab ? (size_t)(ab - q->text) : x->num_start;
  x->approx_stop = ab ? (size_t)(ae - q->text) : x->num_start;

  const char *stop = after ? ue + after->len : ue;
  span sub = {stop, stop};
  const char *text_b = front;
  int ratio = unit->s[0] == '%' || starts(unit->s, unit->s + unit->len, "％");
  if (!ratio) sub = subject_after(q, stop);
  if (sub.e > sub.b) {
    x->stop = (size_t)(sub.e - q->text);
    if (sub.b - stop == 3 && starts(sub.e, q->end, "”")) x->stop += 3; /* 40名“法律明白人” */
  } else {
    sub = subject_before(q, front, &text_b);
    x->stop = (size_t)(stop - q->text);
  }
  x->start = (size_t)(text_b - q->text);
  x->line = gw_line_at(&q->lines, text_b);
  x->subject_start = (size_t)(sub.b - q->text);
  x->subject_stop = (size_t)(sub.e - q->text);
  q->last_stop = stop;
  if ((q->rc = q->emit(q->ud, x)) != 0) return NULL;
  return stop;
}

/* ------------------------------------------------------------ the scan */

static const char *arabic(qctx *q, const char *p) {
  const char *b = p;
  double v = 0;
  size_t n;
  int d;
  int digits = 0;
  while (p < q->end && (d = digit_at(p, q->end, &n)) >= 0) { v = v * 10 + d; p += n; digits++; }
  for (;;) { /* thousands separators: 1,000 */
    const char *s = p;
    if (s < q->end && *s == ',' && q->end - s >= 4 && is_ascii_digit((unsigned char)s[1]) &&
        is_ascii_digit((unsigned char)s[2]) && is_ascii_digit((unsigned char)s[3]) &&
        (q->end - s == 4 || !is_ascii_digit((unsigned char)s[4]))) {
      v = v * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
      p = s + 4;
      digits += 3;
    } else break;
  }
  const char *dot = p;
  size_t dn = (dot < q->end && *dot == '.') ? 1 : starts(dot, q->end, "．") ? 3 : 0;
  if (dn && dot + dn < q->end && digit_at(dot + dn, q->end, &n) >= 0) {
    double scale = 0.1;
    p = dot + dn;
    while (p < q->end && (d = digit_at(p, q->end, &n)) >= 0) { v += d * scale; scale /= 10; p += n; }
  }
  /* more digits than a double holds exactly: an identifier, not a count */
  if (digits > MAX_DIGITS || is_code_part(q, b, p)) return p;
  return candidate(q, b, p, v);
}

static const char *chinese(qctx *q, const char *p) {
  /* a lone 一 is an article (一批, 一支队伍) or a list marker (一是): the common case */
  if (starts(p, q->end, "一") && !gw_cnum_char(p + 3, q->end)) return p + 3;
  double v;
  size_t n = gw_cnum_parse(p, q->end, &v);
  if (n == 0) return p + 3;
  const char *e = p + n, *run = e;
  while (run < q->end && gw_cnum_char(run, q->end) && !starts(run, q->end, "万") &&
         !starts(run, q->end, "亿"))
    run += 3;
  if (run != e) return run;               /* 十四五, 二〇二四: no count */
  if (n == 3 && starts(p, q->end, "一")) return e; /* a lone 一 is an article: 一批, 一支队伍 */
  if (p > q->text) {                       /* part of a longer numeral run: 万一 */
    const char *c = gw_u8prev(q->text, p);
    if (starts(c, q->end, "万") || starts(c, q->end, "亿") || starts(c, q->end, "零")) return e;
  }
  return candidate(q, p, e, v);
}

/* ------------------------------------------------------------ fast skipping */

/* Numbers inside a cited title are the title's, not the report's: the end
 * of the 《…》 opened at p; its line's end when it is not closed on it; just
 * past the bracket when neither comes within MAX_TITLE bytes. */
#define MAX_TITLE 600
static const char *past_title(const char *p, const char *end) {
  const char *stop = end - p > MAX_TITLE ? p + MAX_TITLE : end;
  /* the 》 first (titles are short), then no line break before it */
  const char *c = gw_find3(p + 3, stop, "》");
  size_t n = (size_t)((c ? c : stop) - p);
  const char *nl = memchr(p, '\n', n);
  if (c && !nl) return c + 3;
  return nl ? nl : p + 3;
}

/* 1 when the scan acts on the character at p: an ASCII digit, a full-width
 * digit, 《 or 》, or a Chinese numeral that can start a number. */
static int is_mark(const char *p, const char *end) {
  const unsigned char *u = (const unsigned char *)p;
  if (is_ascii_digit(u[0])) return 1;
  if (end - p < 3) return 0;
  if (u[0] == 0xEF) return u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99;
  if (u[0] == 0xE3) return u[1] == 0x80 && (u[2] == 0x8A || u[2] == 0x8B);
  return gw_cnum_start3(u);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* SSE2: the marks among the 16 bytes at p, as a vector of 0/0xFF bytes: each
 * byte is compared with the one or two after it for the 3-byte marks. */
#define DEFINE_MARK_MASK(NAME, VEC, ATTR)                                          \
  ATTR static inline VEC NAME(const char *p) {                                     \
    VEC v0, v1, v2;                                                                \
    memcpy(&v0, p, sizeof v0); memcpy(&v1, p + 1, sizeof v1);                      \
    memcpy(&v2, p + 2, sizeof v2);                                                 \
    VEC e4 = (VEC)(v0 == 0xE4), e5 = (VEC)(v0 == 0xE5);                            \
    return (VEC)(v0 - '0' <= 9) |                                                  \
           ((VEC)(v0 == 0xEF) & (VEC)(v1 == 0xBC) & (VEC)(v2 - 0x90 <= 9)) |  /* ０-９ */ \
           ((VEC)(v0 == 0xE3) & (VEC)(v1 == 0x80) & (VEC)(v2 - 0x8A <= 1)) |  /* 《 》 */ \
           (e4 & (VEC)(v1 == 0xB8) &                                          /* 一七三两 */ \
            ((VEC)(v2 == 0x80) | (VEC)(v2 == 0x83) | (VEC)(v2 == 0x89) | (VEC)(v2 == 0xA4))) | \
           (e4 & (VEC)(v1 == 0xB9) & (VEC)(v2 == 0x9D)) |                     /* 九 */ \
           (e4 & (VEC)(v1 == 0xBA) & ((VEC)(v2 == 0x8C) | (VEC)(v2 == 0x94))) | /* 二五 */ \
           (e5 & (VEC)(v1 == 0x85) & ((VEC)(v2 == 0xAB) | (VEC)(v2 == 0xAD))) | /* 八六 */ \
           (e5 & (VEC)(v1 == 0x8D) & (VEC)(v2 == 0x81)) |                     /* 十 */ \
           (e5 & (VEC)(v1 == 0x9B) & (VEC)(v2 == 0x9B));                      /* 四 */ \
  }

typedef unsigned char v16u8 __attribute__((vector_size(16)));
DEFINE_MARK_MASK(marks16, v16u8, )

/* The 64 bytes at p (66 readable) as a bit mask: bit i may be a mark at
 * p + i (a superset; each hit is confirmed with is_mark). */
static uint64_t marks64_sse2(const char *p) {
  uint64_t m = 0;
  for (int k = 0; k < 4; k++)
    m |= (uint64_t)(unsigned)_mm_movemask_epi8((__m128i)marks16(p + 16 * k)) << (16 * k);
  return m;
}

/* AVX2: the second and third bytes of a 3-byte mark xored fall in 00-3F;
 * a nibble lookup (pshufb) says which classes that xor belongs to: bit
 * 2 * hi + c of tA[lo] & sel[hi] for c = 0 (after E4: 一 七 三 两 九 二 五),
 * c = 1 (after E5: 八 六 十 四), and of tB for c = 0 (after EF: ０-９),
 * c = 1 (after E3: 《 》).  Other pairs may share an xor, so each hit is
 * confirmed with is_mark. */
#define DUP16(...) __VA_ARGS__, __VA_ARGS__
__attribute__((target("avx2"))) static inline unsigned marks32_avx2(const char *p) {
  const __m256i ta = _mm256_setr_epi8(DUP16(0x02, 0x40, 0x00, 0x00, 0x10, 0x00, 0x40, 0x00,
                                            0x60, 0x00, 0x00, 0x40, 0x06, 0x00, 0x30, 0x00));
  const __m256i tb = _mm256_setr_epi8(DUP16(0x00, 0x00, 0x00, 0x00, 0x10, 0x10, 0x00, 0x00,
                                            0x10, 0x10, 0x12, 0x12, 0x10, 0x10, 0x10, 0x10));
  const __m256i tsel = _mm256_setr_epi8(DUP16(0x03, 0x0C, 0x30, (char)0xC0, 0, 0, 0, 0,
                                              0, 0, 0, 0, 0, 0, 0, 0));
  const __m256i nib = _mm256_set1_epi8(0x0F), c0 = _mm256_set1_epi8(0x55),
                c1 = _mm256_set1_epi8((char)0xAA), zero = _mm256_setzero_si256();
  __m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
  __m256i x = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(const void *)(p + 1)),
                               _mm256_loadu_si256((const __m256i *)(const void *)(p + 2)));
  __m256i sel = _mm256_shuffle_epi8(tsel, _mm256_and_si256(_mm256_srli_epi16(x, 4), nib));
  __m256i lo = _mm256_and_si256(x, nib);
  __m256i ra = _mm256_and_si256(_mm256_shuffle_epi8(ta, lo), sel);
  __m256i rb = _mm256_and_si256(_mm256_shuffle_epi8(tb, lo), sel);
#define LEAD_AND(r, c, lead) \
  _mm256_andnot_si256(_mm256_cmpeq_epi8(_mm256_and_si256(r, c), zero), \
                      _mm256_cmpeq_epi8(v0, _mm256_set1_epi8((char)(lead))))
  __m256i m = _mm256_or_si256(_mm256_or_si256(LEAD_AND(ra, c0, 0xE4), LEAD_AND(ra, c1, 0xE5)),
                              _mm256_or_si256(LEAD_AND(rb, c0, 0xEF), LEAD_AND(rb, c1, 0xE3)));
#undef LEAD_AND
  __m256i d = _mm256_sub_epi8(v0, _mm256_set1_epi8('0'));
  m = _mm256_or_si256(m, _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d));
  return (unsigned)_mm256_movemask_epi8(m);
}

/* The marks of the words 64-byte blocks at p (64 * words + 2 readable). */
__attribute__((target("avx2"))) static void marks_avx2(const char *p, size_t words, uint64_t *mask) {
  for (size_t w = 0; w < words; w++, p += 64) {
    /* the text is read once, front to back, mostly from memory: ask for the
     * next page early (the hardware prefetcher stops at page boundaries) */
    _mm_prefetch(p + 4096, _MM_HINT_T0);
    mask[w] = (uint64_t)marks32_avx2(p) | (uint64_t)marks32_avx2(p + 32) << 32;
  }
}

/* The next mark at or after p (or end).  The marks of the window of text
 * from q->blk are kept in q->mask, so the scan after a number goes on from
 * the same masks instead of testing the bytes again. */
static const char *next_mark(qctx *q, const char *p) {
  for (;;) {
    if (p >= q->blk && p < q->blk + q->blen) {
      size_t off = (size_t)(p - q->blk);
      for (size_t w = off / 64; w < q->blen / 64; w++) {
        uint64_t m = q->mask[w];
        if (w == off / 64) m &= ~(uint64_t)0 << (off % 64);
        for (; m; m &= m - 1) {
          const char *c = q->blk + 64 * w + __builtin_ctzll(m);
          if (is_mark(c, q->end)) { q->mask[w] = m; return c; }
        }
      }
      p = q->blk + q->blen;
    }
    size_t left = (size_t)(q->end - p), words = left >= 64 * MARK_WORDS + 2 ? MARK_WORDS : left >= 66 ? 1 : 0;
    if (words == 0) {
      while (p < q->end && !is_mark(p, q->end)) p++;
      return p;
    }
    q->blk = p;
    q->blen = 64 * words;
    if (q->avx2) marks_avx2(p, words, q->mask);
    else for (size_t w = 0; w < words; w++) q->mask[w] = marks64_sse2(p + 64 * w);
  }
}
#else
static const char *next_mark(qctx *q, const char *p) {
  while (p < q->end && !is_mark(p, q->end)) p++;
  return p;
}
#endif

int gw_lexicon_load_quantities(gw_lexicon *lx) {
  static const char *const unit_tags[] = {"not", NULL};
  static const char *const approx_tags[] = {"before", "between", "after", "vague", NULL};
  static const char *const change_tags[] = {"ratio", "before", "clause", NULL};
  static const char *const word_tags[] = {"lead", "tail", "stop", "enum", "noun", NULL};
  if (gw_wordlist_load(&lx->units, "units", unit_tags) ||
      gw_wordlist_load(&lx->stops, "stop_phrases", NULL) ||
      gw_wordlist_load(&lx->approx, "approx", approx_tags) ||
      gw_wordlist_load(&lx->change, "change", change_tags) ||
      gw_wordlist_load(&lx->verbs, "verbs", NULL) ||
      gw_wordlist_load(&lx->words, "subject_words", word_tags))
    return -1;
  return 0;
}

int gw_extract_quantities(const char *text, size_t len, gw_results *out) {
  gw_lexicon lx;
  memset(&lx, 0, sizeof lx);
  int rc = gw_lexicon_load_quantities(&lx) ? GW_ENOMEM : gw_extract_quantities_lx(&lx, text, len, out);
  gw_lexicon_clear(&lx);
  return rc;
}

int gw_extract_quantities_lx(const gw_lexicon *lx, const char *text, size_t len, gw_results *out) {
  gw_results_init(out, sizeof(gw_quantity));
  return gw_extract_quantities_each(lx, text, len, gw_results_append, out);
}

int gw_extract_quantities_each(const gw_lexicon *lx, const char *text, size_t len,
                               gw_each_fn fn, void *ud) {
  qctx q;
  memset(&q, 0, sizeof q);
  q.lx = lx;
  q.emit = fn;
  q.ud = ud;
  for (size_t i = 0; i < lx->words.n && q.n_enum >= 0; i++) {
    const gw_word *w = &lx->words.rules[i];
    if (w->tag != SW_ENUM || w->len == 0) continue;
    if (q.n_enum == MAX_ENUM_WORDS) q.n_enum = -1;
    else q.enum_words[q.n_enum++] = w;
  }
  q.text = text; q.end = text + len; q.last_stop = text;
  q.blk = text; q.blen = 0;
  q.lines.pos = text; q.lines.line = 1;
  const char *p = text;
  q.avx2 = strcmp(gw_utf8_impl(), "avx2") == 0; /* the CPU check the validator made */
  while (p && (p = next_mark(&q, p)) < q.end) {
    unsigned char c = (unsigned char)*p;
    if (c == 0xE3) { p = (unsigned char)p[2] == 0x8A ? past_title(p, q.end) : p + 3; continue; }
    p = (c < 0x80 || c == 0xEF) ? arabic(&q, p) : chinese(&q, p);
  }
  return p ? GW_OK : q.rc;
}
