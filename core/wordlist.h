/* wordlist.h — the extractors' word lists (private to core/).
 *
 * A data file core/data/NAME.txt holds one rule per line: fields separated by
 * blanks, the word last, an optional tag first ("unit 件", "stop 四个意识");
 * '#' starts a comment.  A list is parsed once per extraction call into a
 * caller-owned gw_wordlist (no static state); words point into the embedded
 * data, so loading copies no text and allocates one array. */
#ifndef GONGWEN_WORDLIST_H
#define GONGWEN_WORDLIST_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct gw_word {
  const char *s;   /* the word (points into the embedded data) */
  size_t len;
  int tag;         /* index of its first field in the caller's tag names, 0 when none */
  const char *arg; /* the middle field of a three-field rule ("law suffix 法"), else NULL */
  size_t arglen;
  int line;        /* rule order in the file, for rules that apply first-match */
  unsigned short first_bucket, last_bucket; /* hash buckets of its first and last character */
} gw_word;

#define GW_WL_BUCKETS 128 /* lists hold up to ~150 words */
/* Filters in front of the buckets: bit k of map[t] is set when a word with
 * tag t - 1 (any tag for t = 0) has a first (last) character of key k, a
 * finer hash than the bucket's.  Most characters of a text start no word of
 * the tag asked for, and one bit test says so.  Tags from GW_WL_MAPS - 1 on
 * share map 0. */
#define GW_WL_KEYS 1024
#define GW_WL_MAPS 8
typedef struct gw_wlmap { uint64_t bits[GW_WL_MAPS][GW_WL_KEYS / 64]; } gw_wlmap;

typedef struct gw_wordlist {
  gw_word *words;  /* sorted by bucket of the first character, longest first */
  size_t n;
  unsigned bucket[GW_WL_BUCKETS + 1]; /* words[bucket[h] .. bucket[h+1]) */
  gw_word *rules;  /* the same entries in file order */
  gw_word *back;   /* the same entries by bucket of the last character, longest first */
  unsigned back_bucket[GW_WL_BUCKETS + 1];
  gw_wlmap first, last; /* the filters, by first and by last character */
  uint64_t bytes[4];     /* bit b: some word holds the byte b */
} gw_wordlist;

/* Loads data file name.  tags: NULL-terminated names for the first field
 * (index 1, 2, ...); a one-field line has tag 0.  Returns 0, or -1 when the
 * file is missing or memory runs out (the list is then empty). */
int gw_wordlist_load(gw_wordlist *wl, const char *name, const char *const *tags);
void gw_wordlist_free(gw_wordlist *wl);

/* All the lists, by the extractor that uses them.  Each extractor file
 * loads its own lists (it knows their tags); gw_lexicon_new loads them all. */
struct gw_lexicon {
  gw_wordlist units, stops, approx, change, verbs, words; /* quantity.c */
  gw_wordlist kinds, law_prefixes;                        /* citation.c */
  gw_wordlist meta;                                       /* meta.c */
  gw_wordlist parts;                                      /* part.c */
};
int gw_lexicon_load_quantities(struct gw_lexicon *lx);  /* 0, or -1 (lists then partly loaded) */
int gw_lexicon_load_citations(struct gw_lexicon *lx);
int gw_lexicon_load_meta(struct gw_lexicon *lx);
int gw_lexicon_load_parts(struct gw_lexicon *lx);
/* Frees the lists of lx (loaded or zeroed), not lx itself. */
void gw_lexicon_clear(struct gw_lexicon *lx);

/* 0 when no word of the list holds the byte c (anywhere in it). */
static inline int gw_wordlist_has_byte(const gw_wordlist *wl, unsigned char c) {
  return (int)(wl->bytes[c / 64] >> (c % 64) & 1);
}

/* Length of the UTF-8 character starting with byte c (1 for stray bytes). */
static inline size_t gw_u8len(unsigned char c) {
  return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}
/* Filter key of the n bytes at p (a character): the low bits of the code
 * point, so CJK characters spread evenly. */
static inline unsigned gw_wl_key_of(const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  unsigned low = n <= 1 ? u[0] : ((unsigned)u[n - 2] << 6 | (u[n - 1] & 0x3Fu));
  return low % GW_WL_KEYS;
}
/* Filter key of the character at p (within end): gw_wl_key_of without
 * decoding its length in the common case, a 3-byte character. */
static inline unsigned gw_wl_key_at(const char *p, const char *end) {
  const unsigned char *u = (const unsigned char *)p;
  if ((u[0] & 0xF0) == 0xE0 && end - p >= 3) return ((unsigned)u[1] << 6 | (u[2] & 0x3Fu)) % GW_WL_KEYS;
  size_t n = gw_u8len(u[0]);
  if (n > (size_t)(end - p)) n = (size_t)(end - p);
  return gw_wl_key_of(p, n);
}

/* Filter key of the character that ends at end (looking back no further
 * than begin).  The key is made of the last two bytes of a character, so
 * where the character starts need not be found: when the last byte is a
 * continuation byte, the one before it is of the same character. */
static inline unsigned gw_wl_key_before(const char *begin, const char *end) {
  const unsigned char *u = (const unsigned char *)end;
  if ((u[-1] & 0xC0) == 0x80 && end - begin >= 2) return ((unsigned)u[-2] << 6 | (u[-1] & 0x3Fu)) % GW_WL_KEYS;
  return u[-1] % GW_WL_KEYS;
}

/* Bucket of the n bytes at p (a character). */
static inline unsigned gw_wl_bucket_of(const char *p, size_t n) {
  return gw_wl_key_of(p, n) % GW_WL_BUCKETS;
}

/* 0 when no word with tag (any when tag < 0) has a character of key k at
 * the end the map is for. */
static inline int gw_wl_maybe(const gw_wlmap *m, int tag, unsigned k) {
  int t = tag >= 0 && tag < GW_WL_MAPS - 1 ? tag + 1 : 0;
  return (int)(m->bits[t][k / 64] >> (k % 64) & 1);
}

static inline unsigned gw_wl_first_bucket(const char *p, const char *end) {
  size_t n = gw_u8len((unsigned char)*p);
  if (n > (size_t)(end - p)) n = (size_t)(end - p);
  return gw_wl_bucket_of(p, n);
}

/* The words that may start at p (same first character), longest first:
 * returns the first and stores their count.  Compare with gw_word_at. */
static inline const gw_word *gw_wordlist_candidates(const gw_wordlist *wl, const char *p,
                                                    const char *end, size_t *count) {
  if (p >= end || wl->n == 0) { *count = 0; return NULL; }
  unsigned k = gw_wl_key_at(p, end);
  if (!gw_wl_maybe(&wl->first, -1, k)) { *count = 0; return NULL; }
  unsigned h = k % GW_WL_BUCKETS;
  *count = wl->bucket[h + 1] - wl->bucket[h];
  return wl->words + wl->bucket[h];
}

/* 1 when w occurs at p (within end). */
static inline int gw_word_at(const gw_word *w, const char *p, const char *end) {
  if ((size_t)(end - p) < w->len) return 0;
  if (w->len >= 3) { /* most misses and all one-character words: no call */
    if (p[1] != w->s[1] || p[2] != w->s[2]) return 0;
    if (w->len == 3) return p[0] == w->s[0];
  }
  return memcmp(p, w->s, w->len) == 0;
}

/* The longest word with tag (any tag when tag < 0) starting at p, or NULL. */
__attribute__((always_inline)) static inline const gw_word *gw_wordlist_match(const gw_wordlist *wl, const char *p,
                                               const char *end, int tag) {
  if (p >= end || wl->n == 0) return NULL;
  unsigned k = gw_wl_key_at(p, end);
  if (!gw_wl_maybe(&wl->first, tag, k)) return NULL;
  unsigned h = k % GW_WL_BUCKETS;
  size_t n = wl->bucket[h + 1] - wl->bucket[h];
  const gw_word *w = wl->words + wl->bucket[h];
  for (size_t i = 0; i < n; i++)
    if ((tag < 0 || w[i].tag == tag) && gw_word_at(&w[i], p, end)) return &w[i];
  return NULL;
}

/* Start of the character before p (never before begin). */
static inline const char *gw_u8prev(const char *begin, const char *p) {
  if (p <= begin) return begin;
  const unsigned char *u = (const unsigned char *)p;
  if (p - begin >= 3) { /* the common case: a CJK character */
    uint16_t tail; /* both continuation bytes in one test */
    memcpy(&tail, p - 2, 2);
    if ((u[-3] & 0xF0) == 0xE0 && (tail & 0xC0C0) == 0x8080) return p - 3;
  }
  p--;
  while (p > begin && ((unsigned char)*p & 0xC0) == 0x80) p--;
  return p;
}

/* Bucket of the character that ends at e (looking back no further than b). */
static inline unsigned gw_wl_last_bucket(const char *b, const char *e) {
  const char *p = gw_u8prev(b, e);
  return gw_wl_bucket_of(p, (size_t)(e - p));
}

/* The longest word with tag (any tag when tag < 0) that ends exactly at end
 * (looking back no further than begin), or NULL. */
static inline const gw_word *gw_wordlist_match_back(const gw_wordlist *wl, const char *begin,
                                                    const char *end, int tag) {
  if (end <= begin || wl->n == 0) return NULL;
  unsigned k = gw_wl_key_before(begin, end);
  if (!gw_wl_maybe(&wl->last, tag, k)) return NULL;
  unsigned h = k % GW_WL_BUCKETS;
  for (unsigned i = wl->back_bucket[h]; i < wl->back_bucket[h + 1]; i++) {
    const gw_word *w = &wl->back[i];
    if ((tag >= 0 && w->tag != tag) || w->len > (size_t)(end - begin)) continue;
    if (w->len >= 3 && (end[-1] != w->s[w->len - 1] || end[-2] != w->s[w->len - 2])) continue;
    if (w->len == 3 ? end[-3] == w->s[0] : memcmp(end - w->len, w->s, w->len) == 0)
      return w; /* longest first */
  }
  return NULL;
}

/* Number of LF bytes in the n bytes at p: 16 at a time, byte counters
 * summed every 255 steps (a memchr per line costs more: lines are only a few
 * hundred bytes long). */
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
static inline size_t gw_count_lf(const char *p, size_t n) {
  size_t count = 0;
  const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
  while (n >= 16) {
    size_t steps = n / 16 > 255 ? 255 : n / 16;
    __m128i acc = zero;
    for (size_t i = 0; i < steps; i++, p += 16)
      acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), nl));
    __m128i sum = _mm_sad_epu8(acc, zero);
    count += (size_t)_mm_cvtsi128_si64(sum) + (size_t)_mm_extract_epi16(sum, 4);
    n -= steps * 16;
  }
  for (; n > 0; n--, p++) count += *p == '\n';
  return count;
}
#else
static inline size_t gw_count_lf(const char *p, size_t n) {
  size_t count = 0;
  for (; n > 0; n--, p++) count += *p == '\n';
  return count;
}
#endif

/* A forward cursor over line numbers: the extractors find their results in
 * text order, so counting from the previous result reads each byte once,
 * while it is still in cache. */
typedef struct gw_linecur { const char *pos; size_t line; } gw_linecur;

/* The 1-based line of p (any position; backwards counts back). */
static inline size_t gw_line_at(gw_linecur *c, const char *p) {
  if (p >= c->pos) c->line += gw_count_lf(c->pos, (size_t)(p - c->pos));
  else c->line -= gw_count_lf(p, (size_t)(c->pos - p));
  c->pos = p;
  return c->line;
}


/* The first occurrence of the m bytes of w in the n bytes at h, or NULL:
 * a plain loop, cheaper than memmem's set-up on the short spans (a clause,
 * a title) the extractors search. */
static inline const char *gw_find_short(const char *h, size_t n, const char *w, size_t m) {
  if (m == 0) return h;
  for (size_t i = 0; i + m <= n; i++)
    if (h[i] == w[0] && (m < 2 || h[i + 1] == w[1]) &&
        (m < 3 || (h[i + 2] == w[2] && memcmp(h + i + 3, w + 3, m - 3) == 0)))
      return h + i;
  return NULL;
}

/* The first occurrence of the 3-byte character c in [p, end), or NULL:
 * 16 bytes at a time (SSE2), for the rare brackets 《 》 “ ”. */
#if defined(__SSE2__)
#include <emmintrin.h>
/* Bit i: c occurs at p + i, for i < 16 (reads the 18 bytes at p). */
static inline unsigned gw_find3_step(const char *p, __m128i c0, __m128i c1, __m128i c2) {
  __m128i m = _mm_and_si128(
      _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), c0),
                    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 1)), c1)),
      _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 2)), c2));
  return (unsigned)_mm_movemask_epi8(m);
}

static inline const char *gw_find3(const char *p, const char *end, const char *c) {
  if (end - p < 3) return NULL;
  if (end - p < 18) { /* a short span (a clause, a title): byte by byte */
    for (; end - p >= 3; p++)
      if (p[0] == c[0] && p[1] == c[1] && p[2] == c[2]) return p;
    return NULL;
  }
  __m128i c0 = _mm_set1_epi8(c[0]), c1 = _mm_set1_epi8(c[1]), c2 = _mm_set1_epi8(c[2]);
  for (; end - p >= 18; p += 16) {
    unsigned bits = gw_find3_step(p, c0, c1, c2);
    if (bits) return p + __builtin_ctz(bits);
  }
  if (end - p < 3) return NULL;
  /* the rest in one step that ends at end, overlapping bytes already
   * searched (which held no match) */
  unsigned bits = gw_find3_step(end - 18, c0, c1, c2);
  return bits ? end - 18 + __builtin_ctz(bits) : NULL;
}
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* gw_find3, 32 bytes at a time on CPUs with AVX2, that also counts the LF bytes it passes: *lf gets their
 * number in [p, the result) ([p, end) when c does not occur), so a scan for
 * c keeps line numbers without reading the text a second time. */
__attribute__((target("avx2"))) static inline const char *gw_find3_lf_avx2(const char *p,
                                                                         const char *end,
                                                                         const char *c,
                                                                         size_t *lf) {
  __m256i c0 = _mm256_set1_epi8(c[0]), c1 = _mm256_set1_epi8(c[1]), c2 = _mm256_set1_epi8(c[2]);
  __m256i nl = _mm256_set1_epi8('\n');
  size_t count = 0;
  while (end - p >= 34) {
    __m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
    __m256i m = _mm256_and_si256(
        _mm256_and_si256(
            _mm256_cmpeq_epi8(v0, c0),
            _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + 1)), c1)),
        _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + 2)), c2));
    unsigned bits = (unsigned)_mm256_movemask_epi8(m);
    unsigned lfs = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v0, nl));
    if (bits) {
      unsigned at = (unsigned)__builtin_ctz(bits);
      *lf = count + (size_t)__builtin_popcount(lfs & ((1u << at) - 1)); /* at < 32 */
      return p + at;
    }
    count += (size_t)__builtin_popcount(lfs);
    p += 32;
  }
  const char *r = gw_find3(p, end, c);
  *lf = count + gw_count_lf(p, (size_t)((r ? r : end) - p));
  return r;
}
#define GW_HAVE_FIND3_AVX2 1
#endif
#else
static inline const char *gw_find3(const char *p, const char *end, const char *c) {
  return p < end && end - p >= 3 ? memmem(p, (size_t)(end - p), c, 3) : NULL;
}
#endif

#endif
