/* date.c — dates in the text: 2025年1月17日, 2025-01-17, 二〇二五年一月十七日,
 * and years alone (2024年). */
#include <string.h>
#include "cnum.h"
#include "date.h"
#include "results.h"
#include "wordlist.h"

static int starts(const char *p, const char *end, const char *s) {
  size_t n = strlen(s);
  return p <= end && (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/* An ASCII or full-width digit at p: its value, or -1; *n its length. */
static int digit(const char *p, const char *end, size_t *n) {
  if (p >= end) return -1;
  unsigned char c = (unsigned char)*p;
  if (c >= '0' && c <= '9') { *n = 1; return c - '0'; }
  if (c == 0xEF && end - p >= 3 && (unsigned char)p[1] == 0xBC && (unsigned char)p[2] >= 0x90 &&
      (unsigned char)p[2] <= 0x99) { *n = 3; return (unsigned char)p[2] - 0x90; }
  return -1;
}

/* Up to max digits at *p (Arabic, or Chinese when chinese is set); the value
 * or -1 when there is none. */
static int number(const char **p, const char *end, int max, int chinese) {
  if (chinese) {
    double v;
    size_t n = gw_cnum_parse(*p, end, &v);
    if (n == 0 || v > 99) return -1;
    *p += n;
    return (int)v;
  }
  int v = 0, k = 0, d;
  size_t n;
  while (k < max && (d = digit(*p, end, &n)) >= 0) { v = v * 10 + d; *p += n; k++; }
  if (k == 0 || digit(*p, end, &n) >= 0) return -1;
  return v;
}

/* Four digits of a year, Arabic or one Chinese digit each (二〇二五). */
static int year_at(const char **p, const char *end, int *chinese) {
  const char *s = *p;
  int v = 0;
  size_t n;
  *chinese = digit(s, end, &n) < 0;
  for (int k = 0; k < 4; k++) {
    int d = *chinese ? gw_cnum_digit(s, end, &n) : digit(s, end, &n);
    if (d < 0) return -1;
    v = v * 10 + d;
    s += n;
  }
  if ((*chinese ? gw_cnum_digit(s, end, &n) : digit(s, end, &n)) >= 0) return -1;
  if (v < 1900 || v > 2199) return -1;
  *p = s;
  return v;
}

size_t gw_date_at(const char *begin, const char *p, const char *end, gw_date *d) {
  if (p > begin) {
    const char *c = gw_u8prev(begin, p);
    unsigned char ch = (unsigned char)*c;
    size_t n;
    if (digit(c, end, &n) >= 0 || gw_cnum_digit(c, end, &n) >= 0 || ((ch | 32) >= 'a' && (ch | 32) <= 'z'))
      return 0;
  }
  int chinese;
  const char *s = p;
  int y = year_at(&s, end, &chinese);
  if (y < 0) return 0;
  memset(d, 0, sizeof *d);
  d->year = y;
  d->start = (size_t)(p - begin);
  if (starts(s, end, "年")) {
    s += 3;
    d->stop = (size_t)(s - begin);
    const char *m = s;
    int mo = number(&m, end, 2, chinese);
    if (mo >= 1 && mo <= 12 && starts(m, end, "月")) {
      m += 3;
      d->month = mo;
      d->stop = (size_t)(m - begin);
      const char *q = m;
      int day = number(&q, end, 2, chinese);
      if (day >= 1 && day <= 31 && (starts(q, end, "日") || starts(q, end, "号"))) {
        d->day = day;
        d->stop = (size_t)(q + 3 - begin);
      }
    }
    return d->stop - d->start;
  }
  if (chinese || s >= end || !(*s == '-' || *s == '/' || *s == '.')) return 0;
  char sep = *s;
  const char *m = s + 1;
  int mo = number(&m, end, 2, 0);
  if (mo < 1 || mo > 12 || m >= end || *m != sep) return 0;
  const char *q = m + 1;
  int day = number(&q, end, 2, 0);
  if (day < 1 || day > 31) return 0;
  d->month = mo; d->day = day;
  d->stop = (size_t)(q - begin);
  return d->stop - d->start;
}

int gw_extract_dates(const char *text, size_t len, gw_results *out) {
  gw_results_init(out, sizeof(gw_date));
  const char *end = text + len, *p = text;
  while (p < end) {
    unsigned char c = (unsigned char)*p;
    size_t n = gw_u8len(c);
    if ((c >= '1' && c <= '2') || (c == 0xEF && p + 1 < end && (unsigned char)p[1] == 0xBC) ||
        ((c == 0xE4 || c == 0xE3) && gw_cnum_char(p, end))) {
      gw_date d;
      size_t used = gw_date_at(text, p, end, &d);
      if (used) {
        gw_date *x = gw_results_push(out);
        if (!x) return GW_ENOMEM;
        *x = d;
        p += used;
        continue;
      }
    }
    if (c >= '0' && c <= '9') { /* skip the rest of a number that is no year */
      while (p < end && *p >= '0' && *p <= '9') p++;
      continue;
    }
    p += n;
  }
  return GW_OK;
}
