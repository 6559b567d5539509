/* outline.c — the heading tree of a report.
 *
 * One pass over the lines finds the lines that may be headings (candidates):
 * numbered ones (一、 （一） 1. （1） ...), short lines standing alone between
 * paragraphs, and paragraphs whose first sentence reads as a heading.  A
 * second pass over the candidates only builds the tree with a stack of open
 * sections, deciding for each unnumbered candidate from the numbered headings
 * that follow it.  Sections are spans into the text; the candidates wait in
 * the section array itself, which grows geometrically; nothing is allocated
 * per line.  The numbering diagnostics are gathered as sections open
 * (outline_diag.c); the inline items of a body are found only on request
 * (outline_items.c).  Lines are skipped by their first and last bytes where
 * they cannot be headings: most bytes are in long paragraphs. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bigarray.h"
#include "cnum.h"
#include "doc_internal.h"
#include "numbering.h"
#include "outline_internal.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define LEAD_CHARS 30          /* longest first sentence read as a heading */
#define LONG_TITLE_CHARS 40    /* a run-in title longer than this stops at its first comma */
#define NO_STOP_TITLE_CHARS 60 /* ... and one with no sentence end longer than this */
#define PREAMBLE_CHARS 60
#define PREAMBLE_MAX_LINES 20
#define MAX_DEPTH 16
#define NONE ((size_t)-1)

enum { K_NUMBERED = 1, K_SHORT, K_LEAD };  /* K_LEAD: found only when a gap asks for it */

typedef struct cand {
  size_t raw, start, stop;   /* line start; content without blanks and leftovers */
  size_t prev_end;           /* end of the previous non-blank line's content */
  size_t line;
  size_t title_start, title_stop, body_start;
  size_t label_stop;         /* the label is [start, label_stop) when numbered */
  int style, number;         /* of the label; GW_STYLE_NONE and 0 when unnumbered */
  int level;                 /* numbered: from the label style */
  int kind;
} cand;

/* Candidates wait in section slots (see builder), copied whole. */
_Static_assert(sizeof(cand) <= sizeof(gw_section), "a candidate fits in a section slot");

/* An open section and its last child so far, with that child's level and
 * number (counted for unnumbered ones): all that numbering looks back at. */
typedef struct frame { size_t index, last_child; int last_level, last_number; } frame;

/* The candidates wait in o->sections itself, from slot first_cand on, ahead
 * of the sections that the second pass writes from slot 0: no second array
 * as large as the output (its pages cost more than the work done in them). */
typedef struct builder {
  const char *text;
  size_t len;
  const size_t *line_starts; /* the document's line index, or NULL: memchr */
  size_t nlines;
  size_t first_cand, ncands;
  size_t next_numbered, next_top;  /* lookahead cursors (candidate numbers) */
  int has_part, min_rank, top_level;
  gw_outline *o;
  size_t cap_sections;
  gw_diag_tracker diag;
  int depth;
  size_t content_end;        /* end of the last non-blank line */
  /* Set as sections open, so not zeroed per document (4 KB: for a report
   * of 10 KB, zeroing them cost a tenth of its sectioning). */
  frame stack[MAX_DEPTH];
  gw_diag_group groups[MAX_DEPTH];  /* numbering of the children of each open section */
} builder;

int gw_grow(void **data, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return 0;
  size_t n = *cap ? *cap : 16;
  while (n < need) n *= 2;
  if (n > (size_t)-1 / size) return -1;
  void *p = realloc(*data, n * size);
  if (!p) return -1;
  *data = p;
  *cap = n;
  return 0;
}

static int reserve_sections(gw_outline *o, size_t *cap, size_t need) {
  return gw_big_reserve((void **)&o->sections, cap, need, sizeof *o->sections);
}

/* ------------------------------------------------------------ line shapes */

/* Characters, Han characters and whether a sentence ends inside [p, end). */
typedef struct shape { size_t chars, han; int sentence_end; } shape;

static int stop_kind(const char *p, const char *end);

static shape line_shape(const char *p, const char *end) {
  shape s = {0, 0, 0};
  while (p < end) {  /* character by character, from lead bytes only */
    unsigned char c = (unsigned char)*p;
    if (c == '[') {
      const char *q = gw_leftover_end(p, end);
      if (q != p) { p = q; continue; }
    }
    s.chars++;
    s.han += (c >= 0xE4 && c <= 0xE9) || (c == 0xE3 && end - p > 1 && (unsigned char)p[1] >= 0x90);
    if (c < 0x80 || c == 0xE3 || c == 0xEF) s.sentence_end |= stop_kind(p, end) == 2;
    p += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  return s;
}

static int is_prose(const char *p, const char *end) {
  if (end - p > 4 * GW_SHORT_CHARS) return 1;
  shape s = line_shape(p, end);
  return s.sentence_end || s.chars > GW_SHORT_CHARS;
}

static int starts_with(const char *p, const char *end, const char *lit) {
  size_t n = strlen(lit);
  return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

static int is_digit_at(const char *p, const char *end) {
  unsigned char c = (unsigned char)*p;
  return (c >= '0' && c <= '9') ||
         (c == 0xEF && end - p >= 3 && (unsigned char)p[1] == 0xBC &&
          (unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x99);
}

/* "2024年，" "2024年3月，": a time phrase that opens a sentence. */
static int opens_with_time_clause(const char *p, const char *end) {
  const char *q = p;
  while (q < end) {
    if (is_digit_at(q, end)) { q += (unsigned char)*q < 0x80 ? 1 : 3; continue; }
    if (starts_with(q, end, "年") || starts_with(q, end, "月") || starts_with(q, end, "日")) {
      q += 3; continue;
    }
    break;
  }
  size_t n;
  return q > p && q < end && gw_is_clause_end(gw_char_at(q, end, &n));
}

/* 一是 二是 ... */
static int opens_with_item_marker(const char *p, const char *end) {
  double v;
  size_t n = gw_cnum_parse(p, end, &v);
  return n && starts_with(p + n, end, "是");
}

static int opens_like_text(const char *p, const char *end) {
  return starts_with(p, end, "《") || starts_with(p, end, "“") || starts_with(p, end, "\"");
}

/* A short line that could be a heading standing alone. */
static int heading_shaped(const char *p, const char *end) {
  if (end - p > 4 * GW_SHORT_CHARS || memchr(p, '|', (size_t)(end - p))) return 0;
  shape s = line_shape(p, end);
  if (s.chars < 2 || s.chars > GW_SHORT_CHARS || s.sentence_end || 2 * s.han < s.chars) return 0;
  size_t n;
  unsigned last = gw_char_at(gw_char_before(p, end), end, &n);
  if (gw_is_clause_end(last) || last == 0x3001) return 0;
  return !opens_like_text(p, end) && !opens_with_time_clause(p, end) &&
         !opens_with_item_marker(p, end);
}

/* Title block, document number, addressee, web page metadata table: 1 for
 * such a line, 2 for an addressee (依法治县办：), which ends the preamble. */
static int preamble_shaped(const char *p, const char *end, int labelled) {
  if (memchr(p, '|', (size_t)(end - p))) return 1;
  if (labelled || end - p > 4 * PREAMBLE_CHARS) return 0;
  size_t n;
  const char *last = gw_char_before(p, end);
  for (const char *q = p; q < end; q += n)
    if (gw_is_clause_end(gw_char_at(q, end, &n))) return 0;  /* a sentence, not a title */
  shape s = line_shape(p, last);
  unsigned c = gw_char_at(last, end, &n);
  if (s.sentence_end || s.chars >= PREAMBLE_CHARS) return 0;
  if (c == 0xFF1A || c == ':') return 2;
  return !gw_is_sentence_end(c);
}

/* Kind of the character at p, read bytewise (no decoding: this runs over
 * whole run-in sentences): 2 a sentence end (。！？；：!?;:), 1 a comma. */
static int stop_kind(const char *p, const char *end) {
  unsigned char c = (unsigned char)*p;
  if (c < 0x80) return c == ';' || c == ':' || c == '!' || c == '?' ? 2 : c == ',';
  if (end - p < 3) return 0;
  unsigned char b1 = (unsigned char)p[1], b2 = (unsigned char)p[2];
  if (c == 0xE3) return b1 == 0x80 && b2 == 0x82 ? 2 : 0;
  if (c != 0xEF || b1 != 0xBC) return 0;
  return b2 == 0x81 || b2 == 0x9F || b2 == 0x9B || b2 == 0x9A ? 2 : b2 == 0x8C;
}

#ifdef __SSE2__
/* Positions among the 32 from p (32 bytes readable) where a character
 * starts (*lead), and where one starts that may be a stop or '[' (*maybe):
 * the first bytes of 。 and the full-width stops (E3, EF) and ; : ! ? , [.
 * In valid UTF-8 no continuation byte is any of these. */
static void stop_candidates32(const char *p, uint32_t *lead, uint32_t *maybe) {
#define EQ(v, c) _mm_cmpeq_epi8((v), _mm_set1_epi8((char)(c)))
  uint32_t l[2], m[2];
  for (int i = 0; i < 2; i++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
    __m128i cont = EQ(_mm_and_si128(v, _mm_set1_epi8((char)0xC0)), 0x80);
    __m128i wide = _mm_or_si128(EQ(v, 0xE3), EQ(v, 0xEF));
    __m128i ascii = _mm_or_si128(_mm_or_si128(EQ(v, ';'), EQ(v, ':')),
                                 _mm_or_si128(_mm_or_si128(EQ(v, '!'), EQ(v, '?')),
                                              _mm_or_si128(EQ(v, ','), EQ(v, '['))));
    l[i] = ~(uint32_t)_mm_movemask_epi8(cont) & 0xFFFFu;
    m[i] = (uint32_t)_mm_movemask_epi8(_mm_or_si128(wide, ascii));
  }
  *lead = l[0] | l[1] << 16;
  *maybe = m[0] | m[1] << 16;
#undef EQ
}

/* Set bits of x, without the popcnt instruction (not in baseline x86-64). */
static unsigned bit_count(uint32_t x) {
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  return (((x + (x >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24;
}

static uint32_t bits_below(int k) { return k >= 32 ? 0xFFFFFFFFu : (1u << k) - 1; }
#endif

/* First sentence end and first comma in [p, end), and the characters before
 * the sentence end (leftovers not counted).  Looks no further than a title
 * can be long: *chars past NO_STOP_TITLE_CHARS means "long".  Runs once per
 * numbered line, so the characters between stops are skipped 32 at a time. */
static void first_stops(const char *p, const char *end, const char *readable, const char **sentence,
                        const char **comma, size_t *chars) {
  *sentence = *comma = NULL;
  *chars = 0;
#ifdef __SSE2__
  /* 32 bytes at a time, looking only at the characters that may be stops;
   * the last block of the line too, its bytes past `end` masked off, when
   * 32 bytes can be read there (`readable`: the end of the whole text).
   * When the character limit falls inside a block, or the text ends, one
   * by one from there (the loop below, also without SSE2). */
  while (p < end && readable - p >= 32) {
    uint32_t lead, maybe, valid = end - p >= 32 ? 0xFFFFFFFFu : bits_below((int)(end - p));
    stop_candidates32(p, &lead, &maybe);
    lead &= valid;
    maybe &= valid;
    const char *next = p + 32;
    int done = 0; /* leads before position done are counted */
    for (;;) {
      int k = maybe ? __builtin_ctz(maybe) : 32;
      size_t n = bit_count(lead & bits_below(k) & ~bits_below(done));
      if (*chars + n > NO_STOP_TITLE_CHARS) { next = NULL; break; }
      *chars += n;
      if (k == 32) break;
      maybe &= maybe - 1;
      const char *q = p + k;
      if (*q == '[') {
        const char *after = gw_leftover_end(q, end);
        if (after != q) { next = after; break; }
      } else {
        int kind = stop_kind(q, end);
        if (kind == 2) { *sentence = q; return; }
        if (kind == 1 && !*comma) *comma = q;
      }
      if (++*chars > NO_STOP_TITLE_CHARS) return;
      done = k + 1;
    }
    if (!next) { p += done; break; }
    p = next;
  }
  while (p < end && ((unsigned char)*p & 0xC0) == 0x80) p++;  /* inside a counted character */
#endif
  while (p < end && *chars <= NO_STOP_TITLE_CHARS) {
    unsigned char c = (unsigned char)*p;
    if (c == '[') {
      const char *q = gw_leftover_end(p, end);
      if (q != p) { p = q; continue; }
    }
    int k = (c < 0x80 || c == 0xE3 || c == 0xEF) ? stop_kind(p, end) : 0;
    if (k == 2) { *sentence = p; return; }
    if (k == 1 && !*comma) *comma = p;
    (*chars)++;
    p += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;  /* whole characters */
  }
}

/* A numbered line (text t, ending at te): fills the title and body of c, or
 * returns 0 when the line is an entry of a list (ends with ；，、, or is
 * only a document name). */
static int numbered_heading(const char *t, const char *te, const char *ce, const gw_label *l, cand *c) {
  const char *text = t + l->text, *sentence, *comma;
  size_t chars, n;
  if (text >= ce) return 0;
  if (starts_with(text, ce, "《")) {
    const char *close = text;
    while (close < ce && !starts_with(close, ce, "》")) close += 1;
    if (close < ce) {
      const char *after = gw_skip_blank(close + 3, ce);
      if (after == ce) return 0;
      unsigned a = gw_char_at(after, ce, &n);
      if (after + n == ce && (gw_is_sentence_end(a) || gw_is_clause_end(a) || a == 0x3001)) return 0;
    }
  }
  first_stops(text, ce, te, &sentence, &comma, &chars);
  c->title_start = l->text;
  if (!sentence && chars > NO_STOP_TITLE_CHARS) {  /* a long sentence runs on */
    c->title_stop = (size_t)((comma ? comma : ce) - t);
    c->body_start = l->text;
    return 1;
  }
  if (!sentence) {
    unsigned last = gw_char_at(gw_char_before(text, ce), ce, &n);
    if (gw_is_clause_end(last) || last == 0x3001) return 0;
    int long_title = chars > NO_STOP_TITLE_CHARS && comma;
    c->title_stop = (size_t)((long_title ? comma : ce) - t);
    c->body_start = long_title ? l->text : (size_t)(ce - t);
    return 1;
  }
  unsigned s = gw_char_at(sentence, ce, &n);
  if ((s == 0xFF1B || s == ';') && sentence + n == ce) return 0;
  if (chars <= LONG_TITLE_CHARS) {
    c->title_stop = (size_t)(sentence - t);
    c->body_start = (size_t)(sentence + n - t);
  } else {
    c->title_stop = (size_t)((comma ? comma : sentence) - t);
    c->body_start = l->text;  /* the whole sentence stays readable in the body */
  }
  return 1;
}

/* A paragraph opening with a short sentence that reads as a heading
 * (学习法治思想，增强法治观念。...): fills the title and body of c. */
static int lead_sentence(const char *t, const char *cs, const char *ce, cand *c) {
  if (is_digit_at(cs, ce) || opens_like_text(cs, ce) || opens_with_item_marker(cs, ce) ||
      starts_with(cs, ce, "（") || *cs == '(')
    return 0;
  const char *limit = ce - cs > 4 * LEAD_CHARS + 4 ? cs + 4 * LEAD_CHARS + 4 : ce, *p = cs;
  if (!memmem(cs, (size_t)(limit - cs), "。", 3) && !memmem(cs, (size_t)(limit - cs), "！", 3))
    return 0;  /* most paragraphs: no early full stop */
  size_t chars = 0, han = 0;
  for (; p < limit && chars <= LEAD_CHARS; p++) {
    unsigned char ch = (unsigned char)*p;
    if ((ch & 0xC0) == 0x80) continue;
    if (stop_kind(p, ce) == 2) break;
    chars++;
    han += ch >= 0xE4 && ch <= 0xE9;  /* U+4000-U+9FFF */
  }
  if (p >= limit || chars < 4 || chars > LEAD_CHARS || 2 * han < chars) return 0;
  if (!starts_with(p, ce, "。") && !starts_with(p, ce, "！")) return 0;
  c->title_start = (size_t)(cs - t);
  c->title_stop = (size_t)(p - t);
  c->body_start = (size_t)(p + 3 - t);
  return 1;
}

/* ------------------------------------------------------------ pass 1 */

#define CAND_SLACK 16  /* free slots before the candidates, for sections fill_gap adds */

static int add_cand(builder *b, const cand *c) {
  gw_outline *o = b->o;
  if (reserve_sections(o, &b->cap_sections, b->first_cand + b->ncands + 1))
    return -1;
  memcpy(&o->sections[b->first_cand + b->ncands++], c, sizeof *c);
  if (c->kind == K_NUMBERED) {
    b->has_part |= c->style == GW_STYLE_PART;
    if (c->level < b->min_rank) b->min_rank = c->level;
  }
  return 0;
}

/* Candidate i as the tree builder reads it (levels shifted under 第一部分). */
static cand read_cand(const builder *b, size_t i) {
  cand c;
  memcpy(&c, &b->o->sections[b->first_cand + i], sizeof c);
  if (c.kind == K_NUMBERED) c.level += b->has_part;
  return c;
}

/* The LF ending line k (0-based; it starts at p), or NULL for the last.
 * With the line index, the text is not read in between: the lines a few
 * ahead are fetched now, their first bytes and their last (the label and
 * the end of the line are what the scan looks at). */
static const char *next_eol(const builder *b, const char *p, size_t k) {
  if (!b->line_starts) return memchr(p, '\n', (size_t)(b->text + b->len - p));
#ifdef __GNUC__
  if (k + 9 < b->nlines) {
    __builtin_prefetch(b->text + b->line_starts[k + 8]);
    __builtin_prefetch(b->text + b->line_starts[k + 9] - 1);
  }
#endif
  return k + 1 < b->nlines ? b->text + b->line_starts[k + 1] - 1 : NULL;
}

static int scan_lines(builder *b) {
  const char *t = b->text, *end = t + b->len, *p = t;
  gw_outline *o = b->o;
  size_t line = 0, prev_end = 0, pending_short = NONE;
  int in_preamble = 1, preamble_lines = 0, prev_short = 0;
  const char *prev_cs = NULL, *prev_ce = NULL;  /* the previous non-blank line */
  while (p < end) {
    const char *eol = next_eol(b, p, line), *le = eol ? eol : end, *raw = p;
    p = eol ? eol + 1 : end;
    line++;
    const char *cs = gw_skip_blank(raw, le), *ce = gw_trim_end(cs, le);
    if (cs >= ce || (ce - cs <= 64 && gw_is_file_line(cs, ce))) continue;  /* file names are short */
    cand c;  /* filled field by field: this runs for every line */
    c.kind = c.level = 0;
    gw_label label;
    int labelled = gw_label_parse(t, (size_t)(le - t), (size_t)(cs - t), &label);
    if (in_preamble) {
      int kind = preamble_lines < PREAMBLE_MAX_LINES ? preamble_shaped(cs, ce, labelled) : 0;
      if (kind) {
        if (preamble_lines++ == 0) o->preamble_start = (size_t)(cs - t);
        o->preamble_stop = prev_end = (size_t)(ce - t);
        in_preamble = kind == 1;
        continue;
      }
      in_preamble = 0;
    }
    c.raw = (size_t)(raw - t);
    c.start = (size_t)(cs - t);
    c.stop = (size_t)(ce - t);
    c.prev_end = prev_end;
    c.line = line;
    int shaped = !labelled && heading_shaped(cs, ce);
    if (labelled && numbered_heading(t, end, ce, &label, &c)) {
      c.kind = K_NUMBERED;
      c.level = gw_label_rank(label.style);
      c.style = (int)label.style;
      c.number = label.number;
      c.label_stop = label.stop;
    } else {
      c.style = GW_STYLE_NONE;
      c.number = 0;
      c.label_stop = c.start;
      if (shaped && !prev_short) {
        c.kind = K_SHORT;
        c.title_start = c.start;
        c.title_stop = c.body_start = c.stop;
      }
      /* The rest of a sentence that a page break cut is no heading. */
      if (c.kind && prev_cs && gw_line_ends_open(prev_cs, prev_ce)) c.kind = 0;
    }
    /* A line standing alone is a heading only when a paragraph follows it. */
    if (pending_short != NONE) {
      if (c.kind != K_NUMBERED && !is_prose(cs, ce)) b->ncands--;
      pending_short = NONE;
    }
    if (c.kind) {
      if (c.kind == K_SHORT) pending_short = b->ncands;
      if (add_cand(b, &c)) return -1;
    }
    prev_short = shaped;
    prev_cs = cs;
    prev_ce = ce;
    prev_end = c.stop;
  }
  if (pending_short != NONE) b->ncands--;
  b->content_end = prev_end;
  return 0;
}

/* ------------------------------------------------------------ lookahead */

/* The first numbered candidate after i (at the top level if `top`), or NONE.
 * Asked for increasing i only, so a cursor moving forward answers. */
static size_t next_numbered_after(builder *b, size_t i, int top) {
  size_t *cursor = top ? &b->next_top : &b->next_numbered;
  if (*cursor <= i) *cursor = i + 1;
  for (; *cursor < b->ncands; ++*cursor) {
    cand c = read_cand(b, *cursor);
    if (c.kind == K_NUMBERED && (!top || c.level == b->top_level)) return *cursor;
  }
  return NONE;
}

/* ------------------------------------------------------------ the tree */

static gw_section *sec(builder *b, size_t i) { return &b->o->sections[i]; }

/* Depth of the open section a heading of `level` would go under. */
static int attach_depth(const builder *b, int level) {
  int k = b->depth - 1;
  while (k > 0 && b->o->sections[b->stack[k].index].level >= level) k--;
  return k;
}

/* The number a heading of `level` would be expected to have here. */
static int expected_number(const builder *b, int level) {
  const frame *f = &b->stack[attach_depth(b, level)];
  return f->last_child != NONE && f->last_level == level ? f->last_number + 1 : 1;
}

/* Level of a line standing alone, from the numbered headings after it. */
static int standalone_level(builder *b, size_t i, const cand *c) {
  int top = b->top_level;
  size_t nt = next_numbered_after(b, i, 1), n = next_numbered_after(b, i, 0);
  /* It takes the place of a missing top-level number (004: 二、 comes later). */
  if (nt != NONE && read_cand(b, nt).number == expected_number(b, top) + 1) return top;
  if (n == NONE) return top;
  const cand next_cand = read_cand(b, n), *next = &next_cand;
  if (next->number == 1) {  /* it heads the group that starts next */
    int k = attach_depth(b, next->level);
    if (k == 0) {
      int level = next->level - 1 < top ? next->level - 1 : top;
      return level < 1 ? 1 : level;
    }
    const gw_section *x = &b->o->sections[b->stack[k].index];
    int empty = b->stack[k].last_child == NONE && c->prev_end <= x->body_start;
    return empty ? x->level + 1 : x->level;
  }
  if (next->number > expected_number(b, next->level)) return next->level; /* fills a gap */
  const gw_section *cur = &b->o->sections[b->stack[b->depth - 1].index];
  if (cur->level == 0) return top;
  return cur->numbered ? cur->level + 1 : cur->level;
}

/* The open section's own text ends here (its items are looked for there). */
static void end_own_body(builder *b, size_t *pos, size_t upto) {
  gw_section *top = sec(b, b->stack[b->depth - 1].index);
  if (upto > *pos) top->own_stop = upto;
  *pos = upto;
}

static int open_section(builder *b, const cand *c, int level, int number, size_t *pos) {
  gw_outline *o = b->o;
  if (level >= MAX_DEPTH - 1) level = MAX_DEPTH - 2;
  end_own_body(b, pos, c->prev_end);  /* up to its last non-blank line */
  int k = attach_depth(b, level);
  for (int j = b->depth - 1; j > k; j--) {
    sec(b, b->stack[j].index)->stop = c->prev_end;
    if (gw_diag_group_end(&b->diag, &b->groups[j])) return -1;
  }
  b->depth = k + 1;
  size_t need = o->nsections + 1;
  if (reserve_sections(o, &b->cap_sections, need)) return -1;
  size_t idx = o->nsections++, parent = b->stack[k].index;
  gw_section *s = sec(b, idx);  /* every field set: no memset per section */
  s->nchildren = 0;
  s->level = level;
  s->numbered = c->kind == K_NUMBERED;
  s->number = s->numbered ? c->number : 0;
  s->parent = (int)parent;
  s->first_child = s->next_sibling = -1;
  s->start = c->raw;
  s->stop = c->stop;
  s->label_start = c->start;  /* a label starts its line's content */
  s->label_stop = s->numbered ? c->label_stop : c->start;
  s->title_start = c->title_start;
  s->title_stop = c->title_stop;
  s->body_start = s->own_stop = c->body_start;
  s->line = c->line;
  gw_section *p = sec(b, parent);
  if (b->stack[k].last_child == NONE) p->first_child = (int)idx;
  else sec(b, b->stack[k].last_child)->next_sibling = (int)idx;
  p->nchildren++;
  b->stack[k].last_child = idx;
  b->stack[k].last_level = s->level;
  b->stack[k].last_number = number;
  if (gw_diag_child(&b->diag, &b->groups[k], s, idx)) return -1;
  b->stack[b->depth].index = idx;
  b->stack[b->depth].last_child = NONE;
  gw_diag_group_start(&b->groups[b->depth]);
  b->depth++;
  *pos = c->body_start;
  return 0;
}

/* A numbered heading n skips numbers (004: （三） first).  When the body
 * before it, since the last heading, holds exactly as many paragraphs opening
 * with a heading-like sentence as numbers are missing, those paragraphs are
 * the missing headings, unnumbered.  Looked for only here: gaps are rare. */
static int fill_gap(builder *b, const cand *n, size_t *pos) {
  int expected = expected_number(b, n->level), missing = n->number - expected;
  const gw_section *top = &b->o->sections[b->stack[b->depth - 1].index];
  const char *t = b->text, *p = t + *pos, *end = t + n->raw;
  cand found[8];
  int count = 0;
  size_t line = top->line, prev_end = *pos;
  const char *prev_cs = NULL, *prev_ce = NULL;
  const char *ls = t + top->start;  /* count lines from the top heading's line */
  while (ls < p && (ls = memchr(ls, '\n', (size_t)(p - ls))) != NULL) { ls++; line++; }
  if (p > t && p[-1] != '\n') {    /* the rest of a run-in heading's line */
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    prev_cs = gw_skip_blank(t + top->start, nl ? nl : end);
    prev_ce = gw_trim_end(prev_cs, nl ? nl : end);
    if (prev_ce > t + prev_end) prev_end = (size_t)(prev_ce - t);
    p = nl ? nl + 1 : end;
    line++;
  }
  for (; p < end; line++) {
    const char *eol = memchr(p, '\n', (size_t)(end - p)), *le = eol ? eol : end, *raw = p;
    p = eol ? eol + 1 : end;
    const char *cs = gw_skip_blank(raw, le), *ce = gw_trim_end(cs, le);
    if (cs >= ce || gw_is_file_line(cs, ce)) continue;
    cand c;
    memset(&c, 0, sizeof c);
    if (!(prev_cs && gw_line_ends_open(prev_cs, prev_ce)) && lead_sentence(t, cs, ce, &c)) {
      if (count == missing || count == 8) return 0;
      c.kind = K_LEAD;
      c.raw = (size_t)(raw - t);
      c.start = (size_t)(cs - t);
      c.stop = (size_t)(ce - t);
      c.prev_end = prev_end;
      c.line = line;
      found[count++] = c;
    }
    prev_cs = cs;
    prev_ce = ce;
    prev_end = (size_t)(ce - t);
  }
  if (count != missing) return 0;
  for (int k = 0; k < count; k++)
    if (open_section(b, &found[k], n->level, expected + k, pos)) return -1;
  return 0;
}

/* Moves candidates i.. further up, when the sections written
 * (fill_gap adds some) would otherwise reach them.  The gap doubles, so
 * adversarial input pays O(n log n) at worst. */
static int make_room(builder *b, size_t i) {
  size_t written = b->o->nsections + 1 + 8;  /* this candidate and fill_gap's at most 8 */
  if (written <= b->first_cand + i + 1) return 0;
  size_t shift = b->first_cand > written ? b->first_cand : written;
  gw_outline *o = b->o;
  if (reserve_sections(o, &b->cap_sections, b->first_cand + shift + b->ncands))
    return -1;
  size_t from = b->first_cand + i;
  memmove(&o->sections[from + shift], &o->sections[from], (b->ncands - i) * sizeof *o->sections);
  b->first_cand += shift;
  return 0;
}

static int build_tree(builder *b) {
  gw_outline *o = b->o;
  if (reserve_sections(o, &b->cap_sections, b->first_cand)) return -1;
  b->top_level = b->min_rank == 99 ? 1 : b->min_rank + b->has_part;
  gw_section *root = &o->sections[0];
  memset(root, 0, sizeof *root);
  root->parent = root->first_child = root->next_sibling = -1;
  root->stop = b->len;
  root->line = 1;
  root->body_start = root->own_stop = o->preamble_stop;
  o->nsections = 1;
  b->stack[0].index = 0;
  b->stack[0].last_child = NONE;
  gw_diag_group_start(&b->groups[0]);
  b->depth = 1;
  size_t pos = root->body_start;
  for (size_t i = 0; i < b->ncands; i++) {
    if (make_room(b, i)) return -1;
    const cand copy = read_cand(b, i), *c = &copy;  /* its slot may be overwritten now */
    int level = c->level, number = c->number;
    if (c->kind == K_SHORT) {
      level = standalone_level(b, i, c);
      number = expected_number(b, level);
    } else if (number > expected_number(b, level) && fill_gap(b, c, &pos)) {
      return -1;
    }
    if (open_section(b, c, level, number, &pos)) return -1;
  }
  end_own_body(b, &pos, b->content_end);
  for (int j = b->depth - 1; j > 0; j--) sec(b, b->stack[j].index)->stop = b->content_end;
  for (int j = b->depth - 1; j >= 0; j--)
    if (gw_diag_group_end(&b->diag, &b->groups[j])) return -1;
  return 0;
}

/* ------------------------------------------------------------ API */

void gw_outline_free(gw_outline *o) {
  if (!o) return;
  gw_big_free(o->sections);
  gw_big_free(o->diags);
  memset(o, 0, sizeof *o);
}

int gw_outline_build(const char *text, size_t len, gw_outline *out, gw_error *err) {
  return gw_outline_build_lines(text, len, NULL, 0, out, err);
}

int gw_outline_build_lines(const char *text, size_t len, const size_t *line_starts, size_t nlines,
                           gw_outline *out, gw_error *err) {
  builder b;
  memset(&b, 0, offsetof(builder, stack));
  memset(out, 0, sizeof *out);
  b.text = text;
  b.len = len;
  b.line_starts = line_starts;
  b.nlines = nlines;
  b.o = out;
  b.first_cand = 1 + CAND_SLACK;
  b.min_rank = 99;
  gw_diag_start(&b.diag, text, out);
  /* Room for the sections a report of this length usually has (about two
   * per KB), so that a small one is allocated once, not grown step by step. */
  size_t expect = b.first_cand + len / 512 + 32;
  int r = reserve_sections(out, &b.cap_sections, expect);
  if (!r) r = scan_lines(&b);
  if (!r) r = build_tree(&b);
  gw_diag_free(&b.diag);
  if (r) {
    gw_outline_free(out);
    if (err) {
      memset(err, 0, sizeof *err);
      err->code = GW_ENOMEM;
      err->offset = GW_NOPOS;
      strcpy(err->message, "out of memory while building the outline");
    }
    return GW_ENOMEM;
  }
  return 0;
}

static void free_cached_outline(void *p) {
  gw_outline_free(p);
  free(p);
}

const gw_outline *gw_doc_outline(gw_doc *doc) {
  if (doc->outline) return doc->outline;
  gw_outline *o = malloc(sizeof *o);
  if (!o) return NULL;
  if (gw_outline_build_lines(doc->text, doc->len, doc->line_starts, doc->nlines, o, NULL) != 0) {
    free(o);
    return NULL;
  }
  doc->outline = o;
  doc->outline_free = free_cached_outline;
  return o;
}
