/* numbering.h — heading labels (一、 （一） 1. （1） ...), characters of the
 * report style (punctuation, blanks) and conversion leftovers.  Private to
 * core/: shared by the sectioner (outline*.c) and the cleaner (clean.c). */
#ifndef GONGWEN_NUMBERING_H
#define GONGWEN_NUMBERING_H
#include <stddef.h>

typedef enum gw_label_style {
  GW_STYLE_NONE = 0,
  GW_STYLE_PART,        /* 第一部分 第二章 */
  GW_STYLE_CJK,         /* 一、 一． 十一、 */
  GW_STYLE_PAREN_CJK,   /* （一） (一) */
  GW_STYLE_DIGIT,       /* 1. 1、 1． １． */
  GW_STYLE_PAREN_DIGIT, /* （1） (1) */
  GW_STYLE_DIGIT_PAREN, /* 1） 1) */
  GW_STYLE_CIRCLED      /* ① */
} gw_label_style;

typedef struct gw_label {
  gw_label_style style;
  int number;
  size_t start, stop;          /* the label as written */
  size_t num_start, num_stop;  /* its numeral */
  size_t text;                 /* first byte after the label and the blanks after it */
} gw_label;

/* Recognises a label at byte pos of s (s has len bytes).  Returns 1 and fills
 * *out, or 0.  A label must be followed by text on the same line. */
int gw_label_parse(const char *s, size_t len, size_t pos, gw_label *out);
/* Depth of a style: PART 0, CJK 1, PAREN_CJK 2, DIGIT 3, PAREN_DIGIT 4, ... */
int gw_label_rank(gw_label_style style);
/* Writes the label that `model` (a label of text s) would have with `number`:
 * same brackets, same kind of numeral.  Returns its length (< cap). */
size_t gw_label_format(const char *s, const gw_label *model, int number, char *out, size_t cap);

/* ---- characters */

/* Decodes the character at p (p < end); stores its byte length (1 for bad
 * bytes).  Inline: the sectioner calls it for every character it looks at. */
static inline unsigned gw_char_at(const char *p, const char *end, size_t *n) {
  const unsigned char *u = (const unsigned char *)p;
  size_t avail = (size_t)(end - p);
  unsigned c = u[0];
  *n = 1;
  if (c < 0x80) return c;
  size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (need == 0 || need > avail) return 0xFFFD;
  unsigned v = c & (0x3Fu >> (need - 1));
  for (size_t i = 1; i < need; i++) {
    if ((u[i] & 0xC0) != 0x80) return 0xFFFD;
    v = (v << 6) | (u[i] & 0x3Fu);
  }
  *n = need;
  return v;
}
/* Start of the character that ends just before p (p > begin). */
const char *gw_char_before(const char *begin, const char *p);
int gw_is_blank(unsigned c);          /* space, tab, CR, U+3000, U+00A0, U+FEFF */
/* 1 when the 3 bytes at p are one of 一二三四五六七八九十. */
int gw_is_cjk_digit(const char *p);
int gw_is_sentence_end(unsigned c);   /* 。！？；： and ASCII !?;: */
int gw_is_closing(unsigned c);        /* a character that can end a paragraph */
int gw_is_clause_end(unsigned c);     /* ，, */
/* Characters in [p, end) (bytes that start a character). */
size_t gw_count_chars(const char *p, const char *end);

/* Longest line (in characters) that can be a heading standing alone. */
#define GW_SHORT_CHARS 40
/* 1 when the line [p, end) is prose that stops mid-sentence (a page break
 * split it): it does not end with closing punctuation and it has a sentence
 * end inside, or is longer than a heading and has no label. */
int gw_line_ends_open(const char *p, const char *end);

/* ---- conversion leftovers */

/* If a leftover such as "[image: ]" or "[bookmark: _GoBack]" starts at p,
 * returns the byte just after it, else p. */
const char *gw_leftover_end(const char *p, const char *end);
/* Skips blanks and leftovers from p. */
const char *gw_skip_blank(const char *p, const char *end);
/* Steps back over blanks (not leftovers) before end. */
const char *gw_trim_end_blanks(const char *begin, const char *end);
static inline const char *gw_trim_end(const char *begin, const char *end) {
  /* Blanks end in 0x20 0x09 0x0D, or 0x80 0xA0 0xBF (U+3000 U+00A0 U+FEFF):
   * most lines end in none of these (called for every line). */
  if (end <= begin) return end;
  unsigned char last = (unsigned char)end[-1];
  if (last != ' ' && last != '\t' && last != '\r' && last != 0x80 && last != 0xA0 && last != 0xBF) return end;
  return gw_trim_end_blanks(begin, end);
}
/* 1 when the trimmed line [p, end) is only an image file name (image1.png). */
int gw_is_file_line(const char *p, const char *end);

#endif
