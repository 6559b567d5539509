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

typedef struct gw_wordlist {
  gw_word *words;  /* sorted by bucket of the first character, longest first */
  size_t n;
  unsigned bucket[GW_WL_BUCKETS + 1]; /* words[bucket[h] .. bucket[h+1]) */
  gw_word *rules;  /* the same entries in file order */
  gw_word *back;   /* the same entries by bucket of the last character, longest first */
  unsigned back_bucket[GW_WL_BUCKETS + 1];
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

/* Length of the UTF-8 character starting with byte c (1 for stray bytes). */
static inline size_t gw_u8len(unsigned char c) {
  return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}
/* Bucket of the n bytes at p (a character). */
static inline unsigned gw_wl_bucket_of(const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  /* the low bits of the code point: CJK characters spread evenly */
  unsigned low = n <= 1 ? u[0] : ((unsigned)u[n - 2] << 6 | (u[n - 1] & 0x3Fu));
  return low % GW_WL_BUCKETS;
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
  unsigned h = gw_wl_first_bucket(p, end);
  *count = wl->bucket[h + 1] - wl->bucket[h];
  return wl->words + wl->bucket[h];
}

/* 1 when w occurs at p (within end). */
static inline int gw_word_at(const gw_word *w, const char *p, const char *end) {
  if ((size_t)(end - p) < w->len) return 0;
  if (w->len >= 3 && (p[1] != w->s[1] || p[2] != w->s[2])) return 0; /* most misses, no call */
  return memcmp(p, w->s, w->len) == 0;
}

/* The longest word with tag (any tag when tag < 0) starting at p, or NULL. */
static inline const gw_word *gw_wordlist_match(const gw_wordlist *wl, const char *p,
                                               const char *end, int tag) {
  size_t n;
  const gw_word *w = gw_wordlist_candidates(wl, p, end, &n);
  for (size_t i = 0; i < n; i++)
    if ((tag < 0 || w[i].tag == tag) && gw_word_at(&w[i], p, end)) return &w[i];
  return NULL;
}

/* Start of the character before p (never before begin). */
static inline const char *gw_u8prev(const char *begin, const char *p) {
  if (p <= begin) return begin;
  const unsigned char *u = (const unsigned char *)p;
  if (p - begin >= 3 && (u[-3] & 0xF0) == 0xE0 && (u[-2] & 0xC0) == 0x80 && (u[-1] & 0xC0) == 0x80)
    return p - 3; /* the common case: a CJK character */
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
  unsigned h = gw_wl_last_bucket(begin, end);
  for (unsigned i = wl->back_bucket[h]; i < wl->back_bucket[h + 1]; i++) {
    const gw_word *w = &wl->back[i];
    if ((tag >= 0 && w->tag != tag) || w->len > (size_t)(end - begin)) continue;
    if (w->len >= 3 && (end[-1] != w->s[w->len - 1] || end[-2] != w->s[w->len - 2])) continue;
    if (memcmp(end - w->len, w->s, w->len) == 0) return w; /* longest first */
  }
  return NULL;
}

#endif
