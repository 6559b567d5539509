/* outline_items.c — inline enumerations in a section's own body: 一是…二是…,
 * 1.…2.…, （1）…（2）…, ①…②….  A marker counts when it opens a paragraph or
 * follows a sentence or clause end, and continues its list (or starts a new
 * one at 1); an item runs to the next marker or the end of its paragraph.
 * Found on request (gw_section_items), not while the outline is built: most
 * callers never ask, and this scan reads every byte of every body.
 *
 * The body is searched for the bytes a marker can hold (是, a digit, an
 * opening bracket, a circled number) many positions at a time, which are far
 * rarer than punctuation; only there is the text around looked at. */
#include <string.h>
#include "cnum.h"
#include "numbering.h"
#include "outline_internal.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif

enum { LIST_SHI, LIST_LABEL_FIRST }; /* 一是 lists, then one per label style */
#define NLISTS (LIST_LABEL_FIRST + GW_STYLE_CIRCLED + 1)

typedef struct scan {
  const char *text, *from, *end;  /* the body being scanned */
  gw_item *out;                   /* the first `cap` items go here */
  size_t cap;
  int next[NLISTS];
  gw_item open;                   /* the item still running (when count > 0) */
  size_t count;
} scan;

/* ------------------------------------------------------------ finding bytes */

/* Bytes that may begin a marker, given bytes p[0..2]: 是 (E6 98 AF), an ASCII
 * digit, '(', （ or a full-width digit (EF BC 88 / 90-99), ①-⑳ (E2 91 xx). */
static int is_marker_byte(const char *sp, const char *end) {
  const unsigned char *p = (const unsigned char *)sp;
  unsigned c = p[0];
  if (c < 0x80) return (c >= '0' && c <= '9') || c == '(';
  if (end - sp < 3) return 0;
  if (c == 0xE6) return p[1] == 0x98 && p[2] == 0xAF;
  if (c == 0xEF) return p[1] == 0xBC && (p[2] == 0x88 || (p[2] & 0xF0) == 0x90);
  return c == 0xE2 && p[1] == 0x91;
}

#ifdef __SSE2__
/* Bit i set when p[i] may begin a marker (p has at least 18 bytes). */
static unsigned marker_mask16(const char *p) {
#define EQ(v, c) _mm_cmpeq_epi8((v), _mm_set1_epi8((char)(c)))
  __m128i v0 = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
  __m128i v2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 2));
  __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v0, _mm_set1_epi8('0' - 1)),
                                _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), v0));
  __m128i shi = _mm_and_si128(_mm_and_si128(EQ(v0, 0xE6), EQ(v1, 0x98)), EQ(v2, 0xAF));
  __m128i fw = _mm_and_si128(_mm_and_si128(EQ(v0, 0xEF), EQ(v1, 0xBC)),
                             _mm_or_si128(EQ(v2, 0x88), EQ(_mm_and_si128(v2, _mm_set1_epi8((char)0xF0)), 0x90)));
  __m128i circled = _mm_and_si128(EQ(v0, 0xE2), EQ(v1, 0x91));
  __m128i any = _mm_or_si128(_mm_or_si128(digit, EQ(v0, '(')), _mm_or_si128(shi, _mm_or_si128(fw, circled)));
  return (unsigned)_mm_movemask_epi8(any);
#undef EQ
}
#endif

/* ------------------------------------------------------------ markers */

/* Whether p opens a paragraph or follows 。；：，！？ (blanks between allowed). */
static int after_boundary(const scan *sc, const char *p) {
  for (;;) {
    if (p <= sc->from || p[-1] == '\n') return 1;
    unsigned char c = (unsigned char)p[-1];
    if (c == ' ' || c == '\t') { p--; continue; }
    if (c < 0x80) return c == ';' || c == ':' || c == ',' || c == '!' || c == '?';
    if (p - sc->from < 3) return 0;
    const unsigned char *q = (const unsigned char *)p - 3;
    if (q[0] == 0xE3 && q[1] == 0x80) {
      if (q[2] == 0x80) { p -= 3; continue; }  /* full-width space */
      return q[2] == 0x82;                     /* 。 */
    }
    return q[0] == 0xEF && q[1] == 0xBC &&
           (q[2] == 0x9B || q[2] == 0x9A || q[2] == 0x8C || q[2] == 0x81 || q[2] == 0x9F);
  }
}

/* 一是 二是 十一是 ending with the 是 at p: the marker's start, or NULL. */
static const char *shi_marker(const scan *sc, const char *p, int *number) {
  const char *start = p;
  while (p - start < 9 && start - sc->from >= 3 && gw_is_cjk_digit(start - 3)) start -= 3;
  if (start == p || !after_boundary(sc, start)) return NULL;
  double v;
  if (gw_cnum_parse(start, p, &v) != (size_t)(p - start) || v < 1 || v > 99) return NULL;
  *number = (int)v;
  return start;
}

/* End of the paragraph holding p (trailing blanks dropped), at most limit. */
static size_t paragraph_end(const scan *sc, size_t start, const char *limit) {
  const char *p = sc->text + start;
  const char *nl = memchr(p, '\n', (size_t)(limit - p));
  return (size_t)(gw_trim_end(p, nl ? nl : limit) - sc->text);
}

/* Ends the running item at the end of its paragraph, at most at limit. */
static void close_item(scan *sc, const char *limit) {
  if (sc->count == 0) return;
  sc->open.stop = paragraph_end(sc, sc->open.start, limit);
  if (sc->count <= sc->cap) sc->out[sc->count - 1] = sc->open;
}

static void add_item(scan *sc, const char *start, const char *marker_end, int number) {
  close_item(sc, start);
  sc->open.start = (size_t)(start - sc->text);
  sc->open.marker_stop = sc->open.stop = (size_t)(marker_end - sc->text);
  sc->open.number = number;
  sc->count++;
}

/* A possible marker byte at p: adds the item it opens, if it is one. */
static void at_marker_byte(scan *sc, const char *p) {
  int number = 0, list = LIST_SHI;
  const char *start, *stop;
  unsigned char c = (unsigned char)*p;
  if (c == 0xE6) {
    if (!(start = shi_marker(sc, p, &number))) return;
    stop = p + 3;
  } else {
    if (c >= '0' && c <= '9' && p > sc->from && p[-1] >= '0' && p[-1] <= '9') return;
    gw_label l;
    if (!after_boundary(sc, p) ||
        !gw_label_parse(sc->text, (size_t)(sc->end - sc->text), (size_t)(p - sc->text), &l) ||
        l.style == GW_STYLE_PART || l.style == GW_STYLE_CJK)
      return;
    number = l.number;
    list = LIST_LABEL_FIRST + (int)l.style;
    start = p;
    stop = sc->text + l.stop;
  }
  if (number != sc->next[list] && number != 1) return;
  sc->next[list] = number + 1;
  add_item(sc, start, stop, number);
}

#define BLOCK 64  /* masks computed before any hit is looked at: no call in the SIMD loop */

#ifdef HAVE_AVX2_PATH
/* Thirty-two positions at a time where the CPU has AVX2 (chosen at run time);
 * leaves *pp where fewer than 34 bytes remain. */
__attribute__((target("avx2"))) static void scan_avx2(scan *sc, const char **pp) {
#define EQ(v, c) _mm256_cmpeq_epi8((v), _mm256_set1_epi8((char)(c)))
  const char *p = *pp;
  unsigned masks[BLOCK];
  while (sc->end - p >= 34) {
    size_t n = (size_t)(sc->end - p - 2) / 32;
    if (n > BLOCK) n = BLOCK;
    for (size_t i = 0; i < n; i++) {
      const char *q = p + 32 * i;
      __m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)q);
      __m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(q + 1));
      __m256i v2 = _mm256_loadu_si256((const __m256i *)(const void *)(q + 2));
      __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(v0, _mm256_set1_epi8('0' - 1)),
                                       _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), v0));
      __m256i shi = _mm256_and_si256(_mm256_and_si256(EQ(v0, 0xE6), EQ(v1, 0x98)), EQ(v2, 0xAF));
      __m256i fw = _mm256_and_si256(
          _mm256_and_si256(EQ(v0, 0xEF), EQ(v1, 0xBC)),
          _mm256_or_si256(EQ(v2, 0x88), EQ(_mm256_and_si256(v2, _mm256_set1_epi8((char)0xF0)), 0x90)));
      __m256i circled = _mm256_and_si256(EQ(v0, 0xE2), EQ(v1, 0x91));
      __m256i any = _mm256_or_si256(_mm256_or_si256(digit, EQ(v0, '(')),
                                    _mm256_or_si256(shi, _mm256_or_si256(fw, circled)));
      masks[i] = (unsigned)_mm256_movemask_epi8(any);
    }
    for (size_t i = 0; i < n; i++)
      for (unsigned mask = masks[i]; mask; mask &= mask - 1)
        at_marker_byte(sc, p + 32 * i + __builtin_ctz(mask));
    p += 32 * n;
  }
#undef EQ
  *pp = p;
}
#endif

size_t gw_section_items(const char *text, const gw_section *s, gw_item *out, size_t cap) {
  scan sc;
  memset(&sc, 0, sizeof sc);
  sc.text = text;
  sc.from = text + s->body_start;
  sc.end = text + (s->own_stop > s->body_start ? s->own_stop : s->body_start);
  sc.out = out;
  sc.cap = cap;
  for (int i = 0; i < NLISTS; i++) sc.next[i] = 1;
  const char *p = sc.from, *end = sc.end;
#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports("avx2")) scan_avx2(&sc, &p);
#endif
#ifdef __SSE2__
  unsigned masks[BLOCK];
  while (end - p >= 18) {
    size_t n = (size_t)(end - p - 2) / 16;
    if (n > BLOCK) n = BLOCK;
    for (size_t i = 0; i < n; i++) masks[i] = marker_mask16(p + 16 * i);
    for (size_t i = 0; i < n; i++)
      for (unsigned mask = masks[i]; mask; mask &= mask - 1)
        at_marker_byte(&sc, p + 16 * i + __builtin_ctz(mask));
    p += 16 * n;
  }
#endif
  for (; p < end; p++)
    if (is_marker_byte(p, end)) at_marker_byte(&sc, p);
  close_item(&sc, end);
  return sc.count;
}
