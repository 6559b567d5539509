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
/* A cheap test before gw_cnum_start: 0 when the character at p (3 bytes
 * available) cannot start a numeral; the bytes of 一..九 两 十 begin E4 B8,
 * E4 B9, E4 BA, E5 85, E5 8D or E5 9B. */
static inline int gw_cnum_maybe(const unsigned char *p) {
  return (p[0] == 0xE4 && p[1] >= 0xB8 && p[1] <= 0xBA) ||
         (p[0] == 0xE5 && (p[1] == 0x85 || p[1] == 0x8D || p[1] == 0x9B));
}
/* Parses the longest well-formed Chinese numeral starting at p (一百二十二,
 * 十五, 两千, 三万五千).  A numeral starts with a digit or 十.  Returns the
 * bytes consumed (0 when there is none) and stores the value. */
size_t gw_cnum_parse(const char *p, const char *end, double *value);

#endif
