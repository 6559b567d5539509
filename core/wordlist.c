/* wordlist.c — parsing the extractors' data files into lookup tables. */
#include <stdlib.h>
#include <string.h>
#include "embedded.h"
#include "gongwen.h"
#include "wordlist.h"

static unsigned first_bucket(const char *p, const char *end) { return gw_wl_first_bucket(p, end); }


static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Splits one line into at most 3 fields; returns how many. */
static int split_fields(const char *s, const char *e, const char *f[3], size_t flen[3]) {
  int n = 0;
  while (s < e) {
    while (s < e && is_blank(*s)) s++;
    if (s >= e || *s == '#') break;
    const char *b = s;
    while (s < e && !is_blank(*s)) s++;
    if (n == 3) { f[2] = b; flen[2] = (size_t)(s - b); continue; } /* keep the last */
    f[n] = b; flen[n] = (size_t)(s - b); n++;
  }
  return n;
}

static int tag_index(const char *const *tags, const char *s, size_t n) {
  for (int i = 0; tags && tags[i]; i++)
    if (strlen(tags[i]) == n && memcmp(tags[i], s, n) == 0) return i + 1;
  return -1;
}

static unsigned last_bucket(const char *b, const char *e) { return gw_wl_last_bucket(b, e); }

/* Sets key k in the filter of tag and in the any-tag filter. */
static void map_word(gw_wlmap *m, int tag, unsigned k) {
  int t = tag >= 0 && tag < GW_WL_MAPS - 1 ? tag + 1 : 0;
  m->bits[0][k / 64] |= (uint64_t)1 << (k % 64);
  m->bits[t][k / 64] |= (uint64_t)1 << (k % 64);
}

static unsigned word_first_bucket(const gw_word *w) { return w->first_bucket; }
static unsigned word_last_bucket(const gw_word *w) { return w->last_bucket; }

/* Places the n rules into out grouped by key (a counting sort, linear: this
 * runs on every extraction call), longest first within a group (groups hold
 * one or two words, so insertion sort). */
static void group_by(const gw_word *rules, size_t n, unsigned (*key)(const gw_word *),
                     gw_word *out, unsigned *bucket) {
  memset(bucket, 0, (GW_WL_BUCKETS + 1) * sizeof *bucket);
  for (size_t i = 0; i < n; i++) bucket[key(&rules[i]) + 1]++;
  for (unsigned h = 0; h < GW_WL_BUCKETS; h++) bucket[h + 1] += bucket[h];
  unsigned fill[GW_WL_BUCKETS];
  memcpy(fill, bucket, sizeof fill);
  for (size_t i = 0; i < n; i++) {
    unsigned h = key(&rules[i]);
    size_t k = fill[h]++;
    while (k > bucket[h] && out[k - 1].len < rules[i].len) { out[k] = out[k - 1]; k--; }
    out[k] = rules[i];
  }
}

int gw_wordlist_load(gw_wordlist *wl, const char *name, const char *const *tags) {
  memset(wl, 0, sizeof *wl);
  const gw_embedded *file = gw_data_file(name);
  if (!file) return -1;
  size_t lines = 1;
  for (const char *p = file->data, *end = p + file->len; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
    lines++;
  gw_word *w = malloc(3 * lines * sizeof *w);
  if (!w) return -1;
  size_t n = 0;
  for (const char *s = file->data, *end = s + file->len; s < end;) {
    const char *e = memchr(s, '\n', (size_t)(end - s));
    if (!e) e = end;
    const char *f[3]; size_t flen[3];
    int nf = split_fields(s, e, f, flen);
    s = e + 1;
    if (nf == 0) continue;
    gw_word *x = &w[n];
    memset(x, 0, sizeof *x);
    x->s = f[nf - 1]; x->len = flen[nf - 1]; x->line = (int)n;
    if (nf > 1) {
      x->tag = tag_index(tags, f[0], flen[0]);
      if (x->tag < 0) continue; /* a tag this caller does not know: skip the rule */
    }
    if (nf == 3) { x->arg = f[1]; x->arglen = flen[1]; }
    x->first_bucket = (unsigned short)first_bucket(x->s, x->s + x->len);
    x->last_bucket = (unsigned short)last_bucket(x->s, x->s + x->len);
    for (size_t i = 0; i < x->len; i++) {
      unsigned char b = (unsigned char)x->s[i];
      wl->bytes[b / 64] |= (uint64_t)1 << (b % 64);
    }
    if (x->len > 0) {
      size_t c = gw_u8len((unsigned char)x->s[0]);
      if (c > x->len) c = x->len;
      map_word(&wl->first, x->tag, gw_wl_key_of(x->s, c));
      const char *l = gw_u8prev(x->s, x->s + x->len);
      map_word(&wl->last, x->tag, gw_wl_key_of(l, (size_t)(x->s + x->len - l)));
    }
    n++;
  }
  wl->n = n;
  wl->rules = w;
  wl->words = w + n;
  wl->back = w + 2 * n;
  group_by(w, n, word_first_bucket, wl->words, wl->bucket);
  group_by(w, n, word_last_bucket, wl->back, wl->back_bucket);
  return 0;
}

void gw_wordlist_free(gw_wordlist *wl) {
  free(wl->rules);
  memset(wl, 0, sizeof *wl);
}



void gw_lexicon_clear(gw_lexicon *lx) {
  gw_wordlist *lists[] = {&lx->units, &lx->stops, &lx->approx, &lx->change, &lx->verbs,
                          &lx->words, &lx->kinds, &lx->law_prefixes, &lx->meta, &lx->parts};
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) gw_wordlist_free(lists[i]);
}

gw_lexicon *gw_lexicon_new(void) {
  gw_lexicon *lx = calloc(1, sizeof *lx);
  if (!lx) return NULL;
  if (gw_lexicon_load_quantities(lx) || gw_lexicon_load_citations(lx) || gw_lexicon_load_meta(lx) ||
      gw_lexicon_load_parts(lx)) {
    gw_lexicon_free(lx);
    return NULL;
  }
  return lx;
}

void gw_lexicon_free(gw_lexicon *lx) {
  if (!lx) return;
  gw_lexicon_clear(lx);
  free(lx);
}
