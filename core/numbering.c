/* numbering.c — heading labels, report punctuation and conversion leftovers. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "cnum.h"
#include "numbering.h"

/* ------------------------------------------------------------ characters */

const char *gw_char_before(const char *begin, const char *p) {
  const char *q = p - 1;
  for (int i = 0; i < 3 && q > begin && ((unsigned char)*q & 0xC0) == 0x80; i++) q--;
  return q;
}

int gw_is_blank(unsigned c) {
  return c == ' ' || c == '\t' || c == '\r' || c == 0x3000 || c == 0xA0 || c == 0xFEFF;
}

int gw_is_sentence_end(unsigned c) {
  switch (c) {
  case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0xFF1A: /* 。！？；： */
  case '!': case '?': case ';': case ':':
    return 1;
  default:
    return 0;
  }
}

int gw_is_clause_end(unsigned c) { return c == 0xFF0C || c == ','; }

int gw_is_closing(unsigned c) {
  switch (c) {
  case 0x201D: case 0x2019: case 0x300D: case 0x300F: case 0x300B: /* ” ’ 」 』 》 */
  case 0xFF09: case ')': case 0x3011: case 0x2026: case '.': case 0xFF0E:
    return 1;
  default:
    return gw_is_sentence_end(c);
  }
}

size_t gw_count_chars(const char *p, const char *end) {
  size_t n = 0;
  for (; p < end; p++) n += ((unsigned char)*p & 0xC0) != 0x80;
  return n;
}

/* ------------------------------------------------------------ leftovers */

/* "[name: anything]" as left by document converters (pandoc, docx2txt). */
const char *gw_leftover_end(const char *p, const char *end) {
  if (p >= end || *p != '[') return p;
  const char *q = p + 1;
  while (q < end && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))) q++;
  if (q == p + 1 || q >= end || *q != ':') return p;
  const char *limit = end - q > 128 ? q + 128 : end;
  for (q++; q < limit; q++) {
    if (*q == ']') return q + 1;
    if (*q == '\n' || *q == '[') break;
  }
  return p;
}

/* Byte length of the blank at p (gw_is_blank), or 0.  Paragraphs open with
 * U+3000 (E3 80 80), so the bytes are compared rather than decoded. */
static size_t blank_at(const unsigned char *p, const unsigned char *end) {
  if (*p == ' ' || *p == '\t' || *p == '\r') return 1;
  if (*p == 0xE3) return end - p >= 3 && p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
  if (*p == 0xC2) return end - p >= 2 && p[1] == 0xA0 ? 2 : 0;
  if (*p == 0xEF) return end - p >= 3 && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
  return 0;
}

const char *gw_skip_blank(const char *p, const char *end) {
  while (p < end) {
    size_t n = blank_at((const unsigned char *)p, (const unsigned char *)end);
    if (n) { p += n; continue; }
    if (*p != '[') break;
    const char *q = gw_leftover_end(p, end);
    if (q == p) break;
    p = q;
  }
  return p;
}

const char *gw_trim_end_blanks(const char *begin, const char *end) {
  while (end > begin) {
    unsigned char last = (unsigned char)end[-1];
    /* Blanks end in 0x20 0x09 0x0D, or 0x80 0xA0 0xBF (U+3000 U+00A0 U+FEFF). */
    if (last != ' ' && last != '\t' && last != '\r' && last != 0x80 && last != 0xA0 && last != 0xBF)
      break;
    const char *q = gw_char_before(begin, end);
    size_t n;
    if (!gw_is_blank(gw_char_at(q, end, &n)) || q + n != end) break;  /* q + n: bad bytes */
    end = q;
  }
  return end;
}

int gw_is_file_line(const char *p, const char *end) {
  static const char *const exts[] = {"png", "jpg", "jpeg", "gif", "bmp", "emf", "wmf", "tif", "tiff"};
  if (end - p > 64) return 0;
  const char *dot = NULL;
  for (const char *q = p; q < end; q++) {
    char c = *q;
    if (c == '.') dot = q;
    else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-'))
      return 0;
  }
  if (!dot || dot == p) return 0;
  size_t n = (size_t)(end - dot - 1);
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
    if (strlen(exts[i]) == n && strncasecmp(dot + 1, exts[i], n) == 0) return 1;
  return 0;
}

/* ------------------------------------------------------------ labels */

/* Arabic digits, ASCII or full-width, at most two: returns bytes used. */
static size_t parse_digits(const char *p, const char *end, int *value) {
  size_t used = 0;
  int v = 0, count = 0;
  while (p + used < end && count < 3) {
    unsigned char c = (unsigned char)p[used];
    if (c >= '0' && c <= '9') { v = v * 10 + (c - '0'); used += 1; }
    else if (c == 0xEF && end - (p + used) >= 3 && (unsigned char)p[used + 1] == 0xBC &&
             (unsigned char)p[used + 2] >= 0x90 && (unsigned char)p[used + 2] <= 0x99) {
      v = v * 10 + ((unsigned char)p[used + 2] - 0x90); used += 3;
    } else break;
    count++;
  }
  if (count == 0 || count > 2 || v == 0) return 0;
  *value = v;
  return used;
}

/* Value of the numeral character at p that a label may use: 1-9 for 一..九,
 * 10 for 十, 0 for anything else (两 零 〇 included). */
static int cjk_digit_value(const unsigned char *p) {
  unsigned k = (unsigned)p[1] << 8 | p[2];
  if (p[0] == 0xE4) {
    switch (k) {
    case 0xB880: return 1; case 0xBA8C: return 2; case 0xB889: return 3;  /* 一 二 三 */
    case 0xBA94: return 5; case 0xB883: return 7; case 0xB99D: return 9;  /* 五 七 九 */
    default: return 0;
    }
  }
  if (p[0] != 0xE5) return 0;
  switch (k) {
  case 0x9B9B: return 4; case 0x85AD: return 6; case 0x85AB: return 8;    /* 四 六 八 */
  case 0x8D81: return 10;                                                 /* 十 */
  default: return 0;
  }
}

/* A Chinese numeral usable in a label (not 两, not starting with 零). */
int gw_is_cjk_digit(const char *p) { return cjk_digit_value((const unsigned char *)p) != 0; }

/* 1 when the character at p may continue a numeral: the first bytes of
 * 零〇一..九两十百千万亿 (E9, E3 80 87, E4, E5, E7); 、 ） 是 are not. */
static int may_continue_numeral(const unsigned char *p, const unsigned char *end) {
  if (end - p < 3) return 0;
  return p[0] == 0xE4 || p[0] == 0xE5 || p[0] == 0xE7 || p[0] == 0xE9 ||
         (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x87);
}

static size_t parse_cjk(const char *p, const char *end, int *value) {
  if (end - p < 3) return 0;
  int d = cjk_digit_value((const unsigned char *)p);  /* most lines: this test only */
  if (!d) return 0;
  if (!may_continue_numeral((const unsigned char *)p + 3, (const unsigned char *)end) ||
      !gw_cnum_char(p + 3, end)) {  /* one character */
    *value = d;
    return 3;
  }
  double v;
  size_t n = gw_cnum_parse(p, end, &v);
  if (n == 0 || v < 1 || v > 999) return 0;
  *value = (int)v;
  return n;
}

static int starts(const char *p, const char *end, const char *lit) {
  size_t n = strlen(lit);
  return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

/* Opening and closing brackets: full-width or ASCII. */
static size_t open_paren(const char *p, const char *end) {
  return starts(p, end, "（") ? 3 : (p < end && *p == '(') ? 1 : 0;
}
static size_t close_paren(const char *p, const char *end) {
  return starts(p, end, "）") ? 3 : (p < end && *p == ')') ? 1 : 0;
}

/* 、 ． or an ASCII dot that is not a decimal point. */
static size_t dot_after_number(const char *p, const char *end) {
  if (starts(p, end, "、") || starts(p, end, "．")) return 3;
  if (p < end && *p == '.') {
    int v;
    return (p + 1 < end && parse_digits(p + 1, end, &v)) ? 0 : 1;
  }
  return 0;
}

static int label_at(const char *p, const char *end, gw_label *l) {
  const char *q = p;
  size_t n, m;
  int v;
  if (starts(p, end, "第")) {
    const char *num = p + 3;
    if (!(n = parse_cjk(num, end, &v)) && !(n = parse_digits(num, end, &v))) return 0;
    q = num + n;
    static const char *const units[] = {"部分", "章", "篇", "编"};
    size_t i = 0;
    while (i < 4 && !starts(q, end, units[i])) i++;
    if (i == 4) return 0;
    q += strlen(units[i]);
    if (starts(q, end, "、") || starts(q, end, "：")) q += 3;
    l->style = GW_STYLE_PART; l->num_start = 3; l->num_stop = 3 + n;
  } else if ((n = open_paren(p, end)) != 0) {
    const char *num = p + n;
    gw_label_style st = GW_STYLE_PAREN_CJK;
    if (!(m = parse_cjk(num, end, &v))) {
      if (!(m = parse_digits(num, end, &v))) return 0;
      st = GW_STYLE_PAREN_DIGIT;
    }
    size_t c = close_paren(num + m, end);
    if (!c) return 0;
    q = num + m + c;
    l->style = st; l->num_start = n; l->num_stop = n + m;
  } else if ((n = parse_cjk(p, end, &v)) != 0) {
    size_t d = dot_after_number(p + n, end);
    if (!d) return 0;
    q = p + n + d;
    l->style = GW_STYLE_CJK; l->num_start = 0; l->num_stop = n;
  } else if ((n = parse_digits(p, end, &v)) != 0) {
    size_t d = dot_after_number(p + n, end);
    gw_label_style st = GW_STYLE_DIGIT;
    if (!d) {
      if (!(d = close_paren(p + n, end))) return 0;
      st = GW_STYLE_DIGIT_PAREN;
    }
    q = p + n + d;
    l->style = st; l->num_start = 0; l->num_stop = n;
  } else {
    unsigned c = gw_char_at(p, end, &n);
    if (c < 0x2460 || c > 0x2473) return 0;
    v = (int)(c - 0x2460 + 1);
    q = p + n;
    l->style = GW_STYLE_CIRCLED; l->num_start = 0; l->num_stop = n;
  }
  l->number = v;
  l->stop = (size_t)(q - p);
  return 1;
}

/* 0 when no label can start at p (p < end): the first bytes of 第 （ ( ASCII
 * and full-width digits, 一..十, ①..⑳.  Most lines are rejected here. */
static int may_start_label(const char *sp, const char *end) {
  const unsigned char *p = (const unsigned char *)sp;
  unsigned c = p[0];
  if (c < 0x80) return (c >= '0' && c <= '9') || c == '(';
  if (end - sp < 3) return 0;
  switch (c) {
  case 0xE4: case 0xE5: return gw_is_cjk_digit(sp);
  case 0xE7: return p[1] == 0xAC && p[2] == 0xAC;                      /* 第 */
  case 0xEF: return p[1] == 0xBC && (p[2] == 0x88 || (p[2] >= 0x90 && p[2] <= 0x99));
  case 0xE2: return p[1] == 0x91 && p[2] >= 0xA0 && p[2] <= 0xB3;     /* U+2460-2473 */
  default: return 0;
  }
}

int gw_label_parse(const char *s, size_t len, size_t pos, gw_label *out) {
  const char *end = s + len, *p = s + pos;
  if (p >= end || !may_start_label(p, end)) return 0;
  /* Labels are short: parse within a window, not up to the end of the line
   * (no label holds a newline, so the window may run past one). */
  const char *window = end - p > 48 ? p + 48 : end;
  gw_label l;
  if (!label_at(p, window, &l)) return 0;
  const char *text = p + l.stop;
  for (size_t n; text < end && (n = blank_at((const unsigned char *)text, (const unsigned char *)end)) != 0;)
    text += n;
  if (text >= end || *text == '\n') return 0;
  l.start = pos;
  l.stop += pos; l.num_start += pos; l.num_stop += pos;
  l.text = (size_t)(text - s);
  *out = l;
  return 1;
}

int gw_label_rank(gw_label_style style) {
  return style == GW_STYLE_NONE ? -1 : (int)style - 1;
}

/* ------------------------------------------------------------ formatting */

/* Decimal digits of n >= 0 (no sprintf: diagnostics of big corpora call this often). */
static size_t format_int(int n, char *out) {
  char tmp[16];
  size_t k = 0;
  do { tmp[k++] = (char)('0' + n % 10); n /= 10; } while (n > 0 && k < sizeof tmp);
  for (size_t i = 0; i < k; i++) out[i] = tmp[k - 1 - i];
  return k;
}

static size_t format_cjk(int n, char *out) {
  static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  size_t o = 0;
  if (n >= 100) return format_int(n, out);
  if (n >= 20) { memcpy(out + o, d[n / 10], 3); o += 3; }
  if (n >= 10) { memcpy(out + o, "十", 3); o += 3; }
  if (n % 10) { memcpy(out + o, d[n % 10], 3); o += 3; }
  return o;
}

size_t gw_label_format(const char *s, const gw_label *model, int number, char *out, size_t cap) {
  char num[32];
  size_t nlen;
  const unsigned char *first = (const unsigned char *)s + model->num_start;
  if (model->style == GW_STYLE_CIRCLED) {
    if (number >= 1 && number <= 20) {
      unsigned c = 0x2460 + (unsigned)number - 1;
      num[0] = (char)(0xE0 | (c >> 12)); num[1] = (char)(0x80 | ((c >> 6) & 0x3F));
      num[2] = (char)(0x80 | (c & 0x3F)); nlen = 3;
    } else {
      nlen = (size_t)sprintf(num, "(%d)", number);
    }
  } else if (*first == 0xEF) {  /* full-width digits */
    char ascii[16];
    size_t k = format_int(number, ascii);
    nlen = 0;
    for (size_t i = 0; i < k; i++) {
      num[nlen++] = (char)0xEF; num[nlen++] = (char)0xBC; num[nlen++] = (char)(0x90 + ascii[i] - '0');
    }
  } else if (*first >= 0x80) {
    nlen = format_cjk(number, num);
  } else {
    nlen = format_int(number, num);
  }
  size_t pre = model->num_start - model->start, post = model->stop - model->num_stop;
  if (model->style == GW_STYLE_CIRCLED) pre = post = 0;
  if (pre + nlen + post + 1 > cap) { if (cap) out[0] = '\0'; return 0; }
  memcpy(out, s + model->start, pre);
  memcpy(out + pre, num, nlen);
  memcpy(out + pre + nlen, s + model->num_stop, post);
  out[pre + nlen + post] = '\0';
  return pre + nlen + post;
}

int gw_line_ends_open(const char *p, const char *end) {
  if (p >= end) return 0;
  size_t n;
  if (gw_is_closing(gw_char_at(gw_char_before(p, end), end, &n))) return 0;
  for (const char *q = p; q < end; q += n)
    if (gw_is_sentence_end(gw_char_at(q, end, &n))) return 1;
  gw_label l;
  return gw_count_chars(p, end) > GW_SHORT_CHARS && !gw_label_parse(p, (size_t)(end - p), 0, &l);
}
