/* cnum.c — parsing Chinese numerals: 两 -> 2, 十五 -> 15, 一百二十二 -> 122. */
#include <string.h>
#include "cnum.h"

/* The numeral characters by their UTF-8 bytes: digits 0-9, or a power of
 * ten.  A switch on the three bytes keeps the scan over ordinary text fast. */
typedef struct cchar { int digit; double unit; } cchar;

static int lookup(const char *p, const char *end, cchar *c) {
  if (end - p < 3) return 0;
  const unsigned char *u = (const unsigned char *)p;
  switch ((unsigned long)u[0] << 16 | (unsigned long)u[1] << 8 | u[2]) {
  case 0xE99BB6: /* 零 */ case 0xE38087: /* 〇 */ *c = (cchar){0, 0}; return 1;
  case 0xE4B880: /* 一 */ *c = (cchar){1, 0}; return 1;
  case 0xE4BA8C: /* 二 */ case 0xE4B8A4: /* 两 */ *c = (cchar){2, 0}; return 1;
  case 0xE4B889: /* 三 */ *c = (cchar){3, 0}; return 1;
  case 0xE59B9B: /* 四 */ *c = (cchar){4, 0}; return 1;
  case 0xE4BA94: /* 五 */ *c = (cchar){5, 0}; return 1;
  case 0xE585AD: /* 六 */ *c = (cchar){6, 0}; return 1;
  case 0xE4B883: /* 七 */ *c = (cchar){7, 0}; return 1;
  case 0xE585AB: /* 八 */ *c = (cchar){8, 0}; return 1;
  case 0xE4B99D: /* 九 */ *c = (cchar){9, 0}; return 1;
  case 0xE58D81: /* 十 */ *c = (cchar){-1, 10}; return 1;
  case 0xE799BE: /* 百 */ *c = (cchar){-1, 100}; return 1;
  case 0xE58D83: /* 千 */ *c = (cchar){-1, 1000}; return 1;
  case 0xE4B887: /* 万 */ *c = (cchar){-1, 1e4}; return 1;
  case 0xE4BABF: /* 亿 */ *c = (cchar){-1, 1e8}; return 1;
  default: return 0;
  }
}

int gw_cnum_digit(const char *p, const char *end, size_t *len) {
  cchar c;
  if (!lookup(p, end, &c)) return -1;
  *len = 3;
  return c.digit;
}

int gw_cnum_char(const char *p, const char *end) {
  cchar c;
  return lookup(p, end, &c);
}

int gw_cnum_start(const char *p, const char *end) {
  cchar c;
  return lookup(p, end, &c) && (c.digit > 0 || c.unit == 10);
}

size_t gw_cnum_parse(const char *p, const char *end, double *value) {
  double total = 0, section = 0, last_unit = 1e9; /* last small unit within the section */
  int pending = -1, after_zero = 0;
  size_t used = 0, good = 0;
  double good_value = 0;
  const char *s = p;
  while (s < end) {
    cchar ch;
    if (!lookup(s, end, &ch)) break;
    size_t n = 3;
    if (ch.digit >= 0) {
      if (pending >= 0) break;              /* two digits in a row: 十四五, 二〇 */
      if (ch.digit == 0) {
        if (used == 0 || after_zero) break; /* 零 only between units */
        after_zero = 1;
      } else {
        pending = ch.digit;
      }
    } else {
      double u = ch.unit;
      if (u >= 1e4) {
        if (used == 0 || (pending < 0 && section == 0)) break;
        total = (total + section + (pending > 0 ? pending : 0)) * u;
        section = 0; last_unit = 1e9;
      } else {
        if (u >= last_unit) break;          /* 十百: units must fall */
        if (pending < 0 && !(u == 10 && used == 0 && total == 0)) break; /* 百 needs a digit; 十 alone is 10 */
        section += (pending < 0 ? 1 : pending) * u;
        last_unit = u;
      }
      pending = -1; after_zero = 0;
    }
    s += n; used += n;
    if (pending > 0 || ch.digit < 0) { good = used; good_value = total + section + (pending > 0 ? pending : 0); }
  }
  *value = good_value;
  return good;
}
