/* cnum.h — Chinese numerals (private to core/). */
#ifndef GONGWEN_CNUM_H
#define GONGWEN_CNUM_H
#include <stddef.h>

/* Digit value of the character at p (零〇=0, 一..九, 两=2), or -1.  *len: its byte length. */
int gw_cnum_digit(const char *p, const char *end, size_t *len);
/* 1 when the character at p is a numeral character (digit, 十百千万亿). */
int gw_cnum_char(const char *p, const char *end);
/* 1 when a numeral may start at p: 一..九, 两 or 十. */
int gw_cnum_start(const char *p, const char *end);
/* gw_cnum_start for a character whose 3 bytes are available, without the
 * table: 一 二 三 四 五 六 七 八 九 两 十. */
static inline int gw_cnum_start3(const unsigned char *u) {
  if (u[0] == 0xE4) {
    if (u[1] == 0xB8) return u[2] == 0x80 || u[2] == 0x83 || u[2] == 0x89 || u[2] == 0xA4;
    if (u[1] == 0xB9) return u[2] == 0x9D;
    if (u[1] == 0xBA) return u[2] == 0x8C || u[2] == 0x94;
    return 0;
  }
  if (u[0] == 0xE5) {
    if (u[1] == 0x85) return u[2] == 0xAB || u[2] == 0xAD;
    if (u[1] == 0x8D) return u[2] == 0x81;
    if (u[1] == 0x9B) return u[2] == 0x9B;
  }
  return 0;
}
/* Parses the longest well-formed Chinese numeral starting at p (一百二十二,
 * 十五, 两千, 三万五千).  A numeral starts with a digit or 十.  Returns the
 * bytes consumed (0 when there is none) and stores the value. */
size_t gw_cnum_parse(const char *p, const char *end, double *value);

#endif
