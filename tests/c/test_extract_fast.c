/* test_extract_fast.c — the fast paths of the extractors against plain
 * reference code written here: word-list filters, the 3-byte and short
 * searches, LF counting, big (mapped) result arrays, the line numbers of
 * results, and the quantity scan's 64-byte blocks at every alignment. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "cnum.h"
#include "gongwen.h"
#include "results.h"
#include "wordlist.h"

/* A text with many characters the lists know, and their neighbours. */
static const char sample[] =
    "全面排查矛盾纠纷798件，成功调解798件，调解成功率达100%。开展法治宣传活动30余场，"
    "覆盖群众近2000人，组织开展两次培训、十余次宣传，超80学时；约6500人左右。"
    "学习《中华人民共和国宪法》《民法典》等宣传读本，“法律明白人”40名。"
    "同比增长12%，下降3个百分点，2024年，〔2024〕7号，一是加强学习，增强“四个意识”。\n"
    "矛调工作站11个、调解点178个，新增专职调解员5名，参加率95.5%，1,200份，２３件。\n";

static uint64_t rng = 88172645463325252u;
static unsigned next_rand(void) {
  rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
  return (unsigned)rng;
}

/* ---- word lists: the filtered lookups find what a scan of all rules finds */

static const gw_word *naive_match(const gw_wordlist *wl, const char *p, const char *end, int tag) {
  const gw_word *best = NULL;
  for (size_t i = 0; i < wl->n; i++) {
    const gw_word *w = &wl->rules[i];
    if ((tag >= 0 && w->tag != tag) || w->len > (size_t)(end - p) || memcmp(p, w->s, w->len) != 0) continue;
    if (!best || w->len > best->len) best = w;
  }
  return best;
}

static const gw_word *naive_match_back(const gw_wordlist *wl, const char *b, const char *e, int tag) {
  const gw_word *best = NULL;
  for (size_t i = 0; i < wl->n; i++) {
    const gw_word *w = &wl->rules[i];
    if ((tag >= 0 && w->tag != tag) || w->len > (size_t)(e - b) || memcmp(e - w->len, w->s, w->len) != 0)
      continue;
    if (!best || w->len > best->len) best = w;
  }
  return best;
}

/* Same length and bytes (two rules may spell the same word, with two tags). */
static int same_word(const gw_word *a, const gw_word *b) {
  if (!a || !b) return a == b;
  return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static void test_wordlists(void) {
  gw_lexicon *lx = gw_lexicon_new();
  CHECK(lx != NULL);
  if (!lx) return;
  const gw_wordlist *lists[] = {&lx->units, &lx->stops, &lx->approx, &lx->change, &lx->verbs,
                                &lx->words, &lx->kinds, &lx->law_prefixes, &lx->meta, &lx->parts};
  /* the text, plus every word of every list at the start and the end of a span */
  const char *b = sample, *e = sample + sizeof sample - 1;
  int bad = 0, found = 0;
  for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
    const gw_wordlist *wl = lists[l];
    for (int tag = -1; tag <= 12; tag++) {
      for (const char *p = b; p < e; p += gw_u8len((unsigned char)*p)) {
        const gw_word *got = gw_wordlist_match(wl, p, e, tag);
        bad += !same_word(got, naive_match(wl, p, e, tag));
        found += got != NULL;
        bad += !same_word(gw_wordlist_match_back(wl, b, p, tag), naive_match_back(wl, b, p, tag));
      }
      for (size_t i = 0; i < wl->n; i++) {
        const gw_word *w = &wl->rules[i];
        bad += !same_word(gw_wordlist_match(wl, w->s, w->s + w->len, tag),
                          naive_match(wl, w->s, w->s + w->len, tag));
        bad += !same_word(gw_wordlist_match_back(wl, w->s, w->s + w->len, tag),
                          naive_match_back(wl, w->s, w->s + w->len, tag));
      }
    }
  }
  CHECK_EQ_INT(bad, 0);
  CHECK(found > 100); /* the sample does exercise the lists */
  gw_lexicon_free(lx);
}

/* ---- word lists on any bytes: the key shortcuts (no character decoding)
 * and the byte sets agree with the words */

static void test_wordlists_any_bytes(void) {
  gw_lexicon *lx = gw_lexicon_new();
  CHECK(lx != NULL);
  if (!lx) return;
  const gw_wordlist *lists[] = {&lx->units, &lx->stops, &lx->approx, &lx->change, &lx->verbs,
                                &lx->words, &lx->kinds, &lx->law_prefixes};
  uint64_t seed = 0x5eed;
  int bad = 0, found = 0;
  static char buf[400];
  for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
    const gw_wordlist *wl = lists[l];
    /* byte sets */
    for (int c = 0; c < 256; c++) {
      int in = 0;
      for (size_t i = 0; i < wl->n && !in; i++) in = memchr(wl->rules[i].s, c, wl->rules[i].len) != NULL;
      bad += gw_wordlist_has_byte(wl, (unsigned char)c) != in;
    }
    /* words of the list, cut pieces of them and stray bytes, glued together */
    for (int round = 0; round < 60; round++) {
      size_t n = 0;
      while (n < sizeof buf - 16) {
        uint64_t r = check_xorshift(&seed);
        const gw_word *w = &wl->rules[r % wl->n];
        size_t from = (r >> 20) % 4 == 0 ? (r >> 24) % w->len : 0; /* sometimes from mid-word */
        size_t k = w->len - from;
        if (k > 12) k = 12;
        memcpy(buf + n, w->s + from, k);
        n += k;
        if ((r >> 32) % 5 == 0) buf[n++] = (char)(0x80 | (r >> 40) % 64); /* a stray continuation byte */
      }
      for (int tag = -1; tag <= 6; tag++)
        for (size_t i = 0; i < n; i++) { /* every byte position: inside characters too */
          const gw_word *got = gw_wordlist_match(wl, buf + i, buf + n, tag);
          bad += !same_word(got, naive_match(wl, buf + i, buf + n, tag));
          found += got != NULL;
          for (size_t b = i > 5 ? i - 5 : 0; b <= i; b++) /* spans starting inside a character */
            bad += !same_word(gw_wordlist_match_back(wl, buf + b, buf + i, tag),
                              naive_match_back(wl, buf + b, buf + i, tag));
        }
    }
  }
  CHECK_EQ_INT(bad, 0);
  CHECK(found > 1000);
  gw_lexicon_free(lx);
}

/* ---- searches and counts against memmem and a byte loop */

static void test_searches(void) {
  enum { N = 3000 };
  static char buf[N];
  static const char *const alphabet[] = {"《", "》", "“", "”", "\n", "法", "a", "1", "、", "。"};
  int bad = 0;
  for (int round = 0; round < 200; round++) {
    size_t n = 0;
    size_t want_len = next_rand() % (N - 8);
    while (n < want_len) {
      const char *s = alphabet[next_rand() % (round % 2 ? 10 : 6)];
      size_t k = strlen(s);
      if (n + k > want_len) break;
      memcpy(buf + n, s, k);
      n += k;
    }
    for (int t = 0; t < 20; t++) {
      size_t from = n ? next_rand() % (n + 1) : 0, to = from + (n > from ? next_rand() % (n - from + 1) : 0);
      const char *p = buf + from, *end = buf + to;
      for (int c = 0; c < 4; c++) {
        const char *needle = alphabet[c];
        const char *want = end - p >= 3 ? memmem(p, (size_t)(end - p), needle, 3) : NULL;
        bad += gw_find3(p, end, needle) != want;
#ifdef GW_HAVE_FIND3_AVX2
        size_t lfs;
        if (strcmp(gw_utf8_impl(), "avx2") == 0) bad += gw_find3_lf_avx2(p, end, needle, &lfs) != want;
#endif
        bad += gw_find_short(p, (size_t)(end - p), needle, 3) != want;
      }
      const char *two = "法a";
      bad += gw_find_short(p, (size_t)(end - p), two, 4) != memmem(p, (size_t)(end - p), two, 4);
      size_t lf = 0;
      for (const char *q = p; q < end; q++) lf += *q == '\n';
      bad += gw_count_lf(p, (size_t)(end - p)) != lf;
    }
  }
  CHECK_EQ_INT(bad, 0);
  /* more than 255 blocks of 16 with a newline in every byte: the counters roll over */
  static char nl[5000];
  memset(nl, '\n', sizeof nl);
  CHECK_EQ_INT(gw_count_lf(nl, sizeof nl), sizeof nl);
  CHECK_EQ_INT(gw_count_lf(nl + 3, 4081), 4081);
}

/* ---- the numeral test of the scan agrees with the numeral table on every
 * 3-byte sequence */

static void test_cnum_start3(void) {
  int bad = 0, starts = 0;
  for (unsigned a = 0xE0; a <= 0xEF; a++)
    for (unsigned b = 0x80; b <= 0xBF; b++)
      for (unsigned c = 0x80; c <= 0xBF; c++) {
        const unsigned char u[3] = {(unsigned char)a, (unsigned char)b, (unsigned char)c};
        int want = gw_cnum_start((const char *)u, (const char *)u + 3);
        bad += gw_cnum_start3(u) != want;
        starts += want;
      }
  CHECK_EQ_INT(bad, 0);
  CHECK_EQ_INT(starts, 11); /* 一 二 三 四 五 六 七 八 九 两 十 */
}

/* ---- result arrays past the size that is mapped (8 MiB) */

static void test_big_results(void) {
  gw_results r = {0};
  gw_results_init(&r, sizeof(gw_quantity));
  size_t n = 300000; /* 300,000 x 104 bytes: grows through realloc, then mmap, then mremap */
  int bad = 0;
  for (size_t i = 0; i < n; i++) {
    gw_quantity *q = gw_results_push(&r);
    if (!q) { bad++; break; }
    bad += q->start != 0 || q->line != 0; /* pushed zeroed */
    q->start = i;
    q->line = i * 3;
  }
  CHECK_EQ_INT(r.n, n);
  for (size_t i = 0; i < r.n; i++) {
    const gw_quantity *q = (const gw_quantity *)r.data + i;
    bad += q->start != i || q->line != i * 3;
  }
  CHECK_EQ_INT(bad, 0);
  /* another element size drops the array (the mapped one must be unmapped) */
  gw_results_init(&r, sizeof(gw_citation));
  CHECK_EQ_INT(r.n, 0);
  CHECK(r.data == NULL);
  for (size_t i = 0; i < 40000; i++) { /* 40,000 x 304 bytes: mapped again */
    gw_citation *c = gw_results_push(&r);
    if (!c) { bad++; break; }
    c->start = i;
  }
  CHECK_EQ_INT(((const gw_citation *)r.data)[39999].start, 39999);
  gw_results_free(&r);
  CHECK(r.data == NULL);
  gw_results_free(&r); /* twice is fine */
}

/* ---- line numbers: 1 + the LFs before start */

static size_t lfs_before(const char *text, size_t off) {
  size_t n = 0;
  for (size_t i = 0; i < off; i++) n += text[i] == '\n';
  return n + 1;
}

static void test_lines(void) {
  /* the sample four times, with blank lines between */
  size_t len = 0;
  static char text[4 * sizeof sample + 16];
  for (int i = 0; i < 4; i++) {
    memcpy(text + len, sample, sizeof sample - 1);
    len += sizeof sample - 1;
    text[len++] = '\n';
  }
  gw_results r = {0};
  CHECK_EQ_INT(gw_extract_quantities(text, len, &r), GW_OK);
  CHECK(r.n > 40);
  int bad = 0;
  for (size_t i = 0; i < r.n; i++) {
    const gw_quantity *q = (const gw_quantity *)r.data + i;
    bad += q->line != lfs_before(text, q->start);
  }
  CHECK_EQ_INT(bad, 0);
  CHECK_EQ_INT(((const gw_quantity *)r.data)[r.n - 1].line, 11); /* 3 lines a copy, a blank one */
  gw_results_free(&r);
  for (int quotes = 0; quotes < 2; quotes++) {
    CHECK_EQ_INT(quotes ? gw_extract_quotes(text, len, &r) : gw_extract_citations(text, len, &r), GW_OK);
    CHECK_EQ_INT(r.n, quotes ? 8 : 8);
    bad = 0;
    for (size_t i = 0; i < r.n; i++) {
      const gw_citation *c = (const gw_citation *)r.data + i;
      bad += c->line != lfs_before(text, c->start);
    }
    CHECK_EQ_INT(bad, 0);
    gw_results_free(&r);
  }
}

/* ---- the scan at every alignment: k blanks before the same clauses give
 * the same quantities, shifted by k (marks at every place of a 64-byte
 * block, across blocks, and in the tail shorter than a block) */

static void test_alignment(void) {
  static const char clause[] =
      "调解点178个，《条例2024年版》５件，开展两次培训、十余次宣传，一是加强，约6500人";
  gw_results base = {0}, r = {0};
  CHECK_EQ_INT(gw_extract_quantities(clause, sizeof clause - 1, &base), GW_OK);
  CHECK_EQ_INT(base.n, 5); /* 178 个, ５ 件, 两 次, 十余 次, 约6500 人 */
  const gw_quantity *b0 = base.data;
  CHECK_EQ_INT((long long)b0[0].value, 178);
  CHECK_EQ_INT((long long)b0[1].value, 5);
  CHECK_EQ_INT((long long)b0[4].value, 6500);
  static char text[200 + sizeof clause];
  int bad = 0;
  for (size_t k = 0; k < 200; k++) {
    memset(text, ' ', k);
    memcpy(text + k, clause, sizeof clause - 1);
    size_t len = k + sizeof clause - 1;
    /* also without "，约6500人", so the clause's end falls elsewhere in a block */
    for (size_t cut = 0; cut <= 1; cut++) {
      r.n = 0; /* the extractors append to what the array holds */
      if (gw_extract_quantities(text, len - cut * 13, &r) != GW_OK) { bad++; continue; }
      size_t want = base.n - cut; /* the last quantity loses its number */
      bad += r.n != want;
      for (size_t i = 0; i < r.n && i < want; i++) {
        const gw_quantity *a = (const gw_quantity *)r.data + i, *e = b0 + i;
        bad += a->value != e->value || a->start != e->start + k || a->stop != e->stop + k ||
               a->subject_start != e->subject_start + k || a->unit_start != e->unit_start + k ||
               a->approx != e->approx || a->line != 1;
      }
    }
  }
  CHECK_EQ_INT(bad, 0);
  gw_results_free(&base);
  gw_results_free(&r);
}

int main(void) {
  test_wordlists();
  test_wordlists_any_bytes();
  test_searches();
  test_cnum_start3();
  test_big_results();
  test_lines();
  test_alignment();
  return check_summary();
}
