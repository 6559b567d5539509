/* test_extract_stream.c — the streaming extractors (extract_each.h) and the
 * shortcuts the scans take, against plain reference code written here:
 * each result streamed equals the array form's, a callback's non-zero
 * return stops the scan, citation kinds equal a first-match scan of every
 * rule, the word lists' byte sets and key shortcuts agree with the words on
 * any bytes (also invalid UTF-8 and spans that start inside a character),
 * the bracket search counts the LFs it passes, and the 32-byte LF count
 * counts them all. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "extract_each.h"
#include "gongwen.h"
#include "results.h"
#include "wordlist.h"

#define CORPUS "../shared/corpus/"

/* ---- streamed results equal the array form's, in order */

typedef struct collect { gw_results r; int stop_after, calls; } collect;

static int collect_one(void *ud, const void *result) {
  collect *c = ud;
  c->calls++;
  if (gw_results_append(&c->r, result)) return GW_ENOMEM;
  return c->calls == c->stop_after ? 7 : 0;
}

static int same_results(const gw_results *a, const gw_results *b) {
  return a->n == b->n && a->size == b->size && memcmp(a->data, b->data, a->n * a->size) == 0;
}

static void test_stream_equals_array(const gw_lexicon *lx) {
  static const char *const files[] = {
      CORPUS "000_e4f3eb5238560b4d.txt", CORPUS "001_621cb3420cf20d40.txt",
      CORPUS "002_6a3c11ae070e1455.txt", CORPUS "003_3dec04221fb15ce6.txt",
      CORPUS "004_7ce380657ba69b2b.txt", "sample/donghu_2024.txt"};
  size_t total[3] = {0, 0, 0};
  for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
    size_t len;
    char *text = check_slurp(files[f], &len);
    if (!text) continue;
    for (int kind = 0; kind < 3; kind++) {
      gw_results want = {0};
      collect got = {.r = {0}};
      got.r.size = kind == 0 ? sizeof(gw_quantity) : sizeof(gw_citation);
      int rc_want, rc_got;
      if (kind == 0) {
        rc_want = gw_extract_quantities_lx(lx, text, len, &want);
        rc_got = gw_extract_quantities_each(lx, text, len, collect_one, &got);
      } else if (kind == 1) {
        rc_want = gw_extract_citations_lx(lx, text, len, &want);
        rc_got = gw_extract_citations_each(lx, text, len, collect_one, &got);
      } else {
        rc_want = gw_extract_quotes(text, len, &want);
        rc_got = gw_extract_quotes_each(text, len, collect_one, &got);
      }
      CHECK_EQ_INT(rc_want, GW_OK);
      CHECK_EQ_INT(rc_got, GW_OK);
      CHECK(same_results(&got.r, &want));
      total[kind] += want.n;
      /* stopping after the third result: the scan returns the callback's value */
      if (want.n > 3) {
        collect part = {.r = {0}, .stop_after = 3};
        part.r.size = got.r.size;
        int rc = kind == 0   ? gw_extract_quantities_each(lx, text, len, collect_one, &part)
                 : kind == 1 ? gw_extract_citations_each(lx, text, len, collect_one, &part)
                             : gw_extract_quotes_each(text, len, collect_one, &part);
        CHECK_EQ_INT(rc, 7);
        CHECK_EQ_INT(part.calls, 3);
        CHECK(memcmp(part.r.data, want.data, 3 * want.size) == 0);
        gw_results_free(&part.r);
      }
      gw_results_free(&want);
      gw_results_free(&got.r);
    }
    free(text);
  }
  CHECK(total[0] > 80 && total[1] > 40 && total[2] > 50); /* the files do have results */
}

/* ---- citation kinds: the bucketed rule search finds the first rule in
 * file order, as trying every rule does */

static int starts_with(const char *t, size_t n, const gw_word *w) {
  return n >= w->len && memcmp(t, w->s, w->len) == 0;
}
static int ends_with(const char *t, size_t n, const gw_word *w) {
  return n >= w->len && memcmp(t + n - w->len, w->s, w->len) == 0;
}
static int arg_is(const gw_word *r, const char *a) {
  return r->arg && r->arglen == strlen(a) && memcmp(r->arg, a, r->arglen) == 0;
}
/* "org": the word occurs as the 3rd to 9th character */
static int org_at(const char *t, size_t n, const gw_word *w) {
  size_t chars = 0;
  for (size_t i = 0; i < n && chars <= 8; i += gw_u8len((unsigned char)t[i]), chars++)
    if (n - i >= w->len && memcmp(t + i, w->s, w->len) == 0) return chars >= 2;
  return 0;
}

static int naive_kind(const gw_wordlist *kinds, const char *t, size_t n) {
  for (size_t i = 0; i < kinds->n; i++) {
    const gw_word *r = &kinds->rules[i];
    int hit = arg_is(r, "prefix")     ? starts_with(t, n, r)
              : arg_is(r, "suffix")   ? ends_with(t, n, r)
              : arg_is(r, "contains") ? memmem(t, n, r->s, r->len) != NULL
              : arg_is(r, "org")      ? org_at(t, n, r)
                                      : 0;
    if (hit) return r->tag - 1;
  }
  return GW_CITE_OTHER;
}

static void test_citation_kinds(const gw_lexicon *lx) {
  const gw_wordlist *kinds = &lx->kinds;
  CHECK(kinds->n > 20);
  /* titles made of every pair of rule words, with a town name and filler
   * before and after: each ends (or starts) with some rule's word */
  static const char *const fillers[] = {"", "高家镇", "关于加强", "的通知", "实施"};
  size_t cap = 1 << 20, len = 0, titles = 0;
  char *text = malloc(cap);
  CHECK(text != NULL);
  if (!text) return;
  int *want = malloc(sizeof(int) * 200000);
  for (size_t i = 0; i < kinds->n; i++)
    for (size_t j = 0; j < kinds->n; j++)
      for (size_t f = 0; f < 5; f++) {
        const gw_word *a = &kinds->rules[i], *b = &kinds->rules[j];
        const char *fill = fillers[f];
        size_t fl = strlen(fill);
        if (len + a->len + b->len + fl + 16 > cap) continue;
        char *t = text + len + 3;
        memcpy(text + len, "《", 3);
        size_t n = 0;
        if (f % 2) { memcpy(t, fill, fl); n += fl; }
        memcpy(t + n, a->s, a->len); n += a->len;
        memcpy(t + n, b->s, b->len); n += b->len;
        if (f % 2 == 0) { memcpy(t + n, fill, fl); n += fl; }
        memcpy(t + n, "》\n", 4);
        want[titles++] = naive_kind(kinds, t, n);
        len += 3 + n + 4;
      }
  gw_results r = {0};
  CHECK_EQ_INT(gw_extract_citations_lx(lx, text, len, &r), GW_OK);
  CHECK_EQ_INT(r.n, titles);
  int bad = 0, laws = 0;
  for (size_t k = 0; k < r.n && k < titles; k++) {
    const gw_citation *c = (const gw_citation *)r.data + k;
    bad += (int)c->kind != want[k];
    laws += c->kind == GW_CITE_LAW;
  }
  CHECK_EQ_INT(bad, 0);
  CHECK(laws > 100);
  gw_results_free(&r);
  free(want);
  free(text);
}

/* ---- the bracket search that counts LFs as it goes */

static void test_find3_lf(void) {
#ifdef GW_HAVE_FIND3_AVX2
  if (strcmp(gw_utf8_impl(), "avx2") != 0) return;
  static const char *const alphabet[] = {"《", "\n", "法", "a", "》", "\n\n"};
  static char buf[2000];
  uint64_t seed = 0xf1d3;
  int bad = 0;
  for (int round = 0; round < 3000; round++) {
    size_t n = 0, want_len = check_xorshift(&seed) % (sizeof buf - 8);
    int sparse = round % 3; /* few brackets: long runs of 32-byte steps */
    while (n < want_len) {
      uint64_t r = check_xorshift(&seed);
      const char *a = alphabet[sparse && r % 40 ? 1 + (r >> 8) % 5 : r % 6];
      size_t k = strlen(a);
      if (n + k > want_len) break;
      memcpy(buf + n, a, k);
      n += k;
    }
    size_t from = n ? check_xorshift(&seed) % (n + 1) : 0;
    const char *p = buf + from, *end = buf + n;
    const char *want = end - p >= 3 ? memmem(p, (size_t)(end - p), "《", 3) : NULL;
    size_t want_lf = 0;
    for (const char *q = p; q < (want ? want : end); q++) want_lf += *q == '\n';
    size_t lf = 12345;
    bad += gw_find3_lf_avx2(p, end, "《", &lf) != want;
    bad += lf != want_lf;
  }
  CHECK_EQ_INT(bad, 0);
#endif
}

int main(void) {
  gw_lexicon *lx = gw_lexicon_new();
  CHECK(lx != NULL);
  if (!lx) return check_summary();
  test_stream_equals_array(lx);
  test_citation_kinds(lx);
  test_find3_lf();
  gw_lexicon_free(lx);
  return check_summary();
}
