/* test_line_index.c — the line starts that the loader notes while it
 * validates a large text: each kernel's LF notes against a plain search
 * (LFs at every offset of a 64-byte block, a BOM shift, a full sink), the
 * loader keeping the index only where it is right (no CR, not too dense,
 * valid text), positions answered from it, and the outline built from it
 * equal to the outline built without it. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "doc_internal.h"
#include "gongwen.h"
#include "utf8_impl.h"

typedef size_t (*line_scanner)(const char *, size_t, size_t *, int *, gw_lf_sink *);

static const struct { const char *name; line_scanner scan; } scanners[] = {
  {"scalar", gw_utf8_scan_lines_scalar},
  {"sse4", gw_utf8_scan_lines_sse4},
  {"avx2", gw_utf8_scan_lines_avx2},
  {"dispatch", gw_utf8_scan_lines},
};
#define NSCANNERS (sizeof scanners / sizeof scanners[0])

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static unsigned rnd(unsigned n) { return (unsigned)(check_xorshift(&rng_state) % n); }

/* n bytes of valid text: 中 (3 bytes), ASCII and LFs (one in `every`). */
static void fill_text(char *buf, size_t n, unsigned every) {
  size_t i = 0;
  while (i < n) {
    if (n - i >= 3 && rnd(2)) { memcpy(buf + i, "\xE4\xB8\xAD", 3); i += 3; }
    else buf[i++] = rnd(every) == 0 ? '\n' : 'a';
  }
}

/* Each scanner's notes on buf equal the LFs a plain search finds. */
static int expect_lfs(const char *buf, size_t len, size_t shift, const char *what) {
  size_t want[4096], nwant = 0;
  for (size_t i = 0; i < len && nwant < 4096; i++)
    if (buf[i] == '\n') want[nwant++] = i + 1 - shift;
  int bad = 0;
  for (size_t k = 0; k < NSCANNERS; k++) {
    if (k < NSCANNERS - 1 && !gw_utf8_cpu_has(scanners[k].name)) continue;
    size_t got[4096], nul;
    int cr;
    gw_lf_sink lfs = {got, 0, 4096, shift};
    size_t valid = scanners[k].scan(buf, len, &nul, &cr, &lfs);
    int ok = valid == len && lfs.n == nwant && memcmp(got, want, nwant * sizeof *got) == 0;
    if (!ok && bad++ < 5)
      printf("  %s: %s, len %zu: %zu LFs noted, want %zu\n", scanners[k].name, what, len, lfs.n, nwant);
  }
  return bad;
}

static void test_kernels_note_every_lf(void) {
  char buf[512];
  /* One LF at each offset of the blocks around 64 and at the very end. */
  for (size_t at = 0; at < 200; at++) {
    memset(buf, 'a', 200);
    buf[at] = '\n';
    CHECK_EQ_INT(expect_lfs(buf, 200, 0, "one LF"), 0);
    CHECK_EQ_INT(expect_lfs(buf, at + 1, 0, "LF last"), 0);
  }
  memset(buf, '\n', 130);
  CHECK_EQ_INT(expect_lfs(buf, 130, 0, "only LFs"), 0);
  for (int round = 0; round < 300; round++) {
    size_t len = 1 + rnd(500);
    fill_text(buf, len, 1 + rnd(40));
    CHECK_EQ_INT(expect_lfs(buf, len, 0, "random text"), 0);
  }
  memcpy(buf, "\xEF\xBB\xBF" "ab\ncd\n", 9);
  CHECK_EQ_INT(expect_lfs(buf, 9, 3, "after a BOM"), 0);
}

/* A sink that is too small counts on and stores only what fits. */
static void test_full_sink(void) {
  char buf[300];
  memset(buf, '\n', sizeof buf);
  for (size_t k = 0; k < NSCANNERS; k++) {
    if (k < NSCANNERS - 1 && !gw_utf8_cpu_has(scanners[k].name)) continue;
    size_t at[10] = {0}, nul;
    int cr;
    gw_lf_sink lfs = {at, 0, 4, 0};
    CHECK_EQ_INT(scanners[k].scan(buf, sizeof buf, &nul, &cr, &lfs), sizeof buf);
    CHECK_EQ_INT(lfs.n, 300);
    CHECK_EQ_INT(at[3], 4);
    CHECK_EQ_INT(at[4], 0); /* not written past cap */
  }
}

/* ------------------------------------------------------------ the loader */

#define BIG ((size_t)3 << 20) /* above the size from which the loader indexes */

/* A large report-like text: headings and paragraphs of varied lengths. */
static char *big_report(size_t len, const char *prefix, const char *eol) {
  static const char *const lines[] = {
    "一、依法全面履行政府职能", "（一）强化执法规范，优化营商环境。一是规范执法。",
    "1.依法履行行政职能。", "全年调解矛盾纠纷798件，调解成功率达100%，开展法治宣传活动80余场。",
    "推进法治政府建设的主要举措及成效", "（1）完善制度", "二、存在的问题", ""};
  char *t = malloc(len + 1);
  size_t n = strlen(prefix);
  memcpy(t, prefix, n);
  for (unsigned k = 0; n < len; k++) {
    const char *l = lines[rnd(sizeof lines / sizeof *lines)];
    size_t m = strlen(l), e = strlen(eol);
    if (n + m + e > len) break;
    memcpy(t + n, l, m);
    memcpy(t + n + m, eol, e);
    n += m + e;
  }
  while (n < len) t[n++] = '\n';
  t[len] = '\0';
  return t;
}

/* The line starts of text by a plain search, compared with gw_doc_line_start
 * and gw_doc_position at each line start and just after. */
static int expect_positions(gw_doc *doc) {
  size_t len;
  const char *t = gw_doc_text(doc, &len);
  int bad = 0;
  size_t line = 1, start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i == start) {
      size_t l, c;
      bad += gw_doc_line_start(doc, line) != start;
      gw_doc_position(doc, i, &l, &c);
      bad += l != line || c != 1;
    }
    if (i < len && t[i] == '\n') { line++; start = i + 1; }
  }
  return bad;
}

static unsigned long outline_hash(const gw_outline *o) {
  unsigned long h = o->nsections * 31 + o->ndiags;
  for (size_t k = 0; k < o->nsections; k++) {
    const gw_section *s = &o->sections[k];
    size_t v[] = {(size_t)s->level, (size_t)s->number, (size_t)s->numbered, (size_t)s->parent,
                  (size_t)s->first_child, (size_t)s->next_sibling, (size_t)s->nchildren,
                  s->start, s->stop, s->label_start, s->label_stop, s->title_start,
                  s->title_stop, s->body_start, s->line, s->own_stop};
    for (size_t j = 0; j < sizeof v / sizeof *v; j++) h = h * 1000003u + v[j];
  }
  for (size_t k = 0; k < o->ndiags; k++) {
    h = h * 31 + o->diags[k].line;
    for (const char *m = o->diags[k].message; *m; m++) h = h * 33 + (unsigned char)*m;
  }
  return h;
}

/* Loads text; returns the doc and whether the loader kept an index. */
static gw_doc *load(const char *text, size_t len, int *indexed) {
  gw_doc *doc = NULL;
  gw_error err;
  if (!CHECK(gw_doc_from_memory(text, len, NULL, &doc, &err) == 0)) return NULL;
  *indexed = doc->line_starts != NULL;
  return doc;
}

static void test_loader_index(const char *what, const char *prefix, const char *eol, int want_index) {
  char *text = big_report(BIG, prefix, eol);
  int indexed;
  gw_doc *doc = load(text, BIG, &indexed);
  if (!doc) { free(text); return; }
  if (!CHECK_EQ_INT(indexed, want_index)) printf("  case: %s\n", what);
  CHECK_EQ_INT(expect_positions(doc), 0);
  size_t len;
  const char *t = gw_doc_text(doc, &len);
  gw_outline plain;
  gw_error err;
  CHECK(gw_outline_build(t, len, &plain, &err) == 0);
  const gw_outline *cached = gw_doc_outline(doc);
  CHECK(cached && cached->nsections > 1000);
  if (cached) CHECK(outline_hash(cached) == outline_hash(&plain));
  gw_outline_free(&plain);
  gw_doc_free(doc);
  free(text);
}

/* Lines shorter than 32 bytes on average: no index (it would take more than
 * a quarter of the text's size); positions still right. */
static void test_dense_lines(void) {
  char *text = malloc(BIG);
  for (size_t i = 0; i < BIG; i++) text[i] = i % 4 == 3 ? '\n' : 'x';
  int indexed;
  gw_doc *doc = load(text, BIG, &indexed);
  CHECK_EQ_INT(indexed, 0);
  if (doc) {
    CHECK_EQ_INT(gw_doc_line_start(doc, 1001), 4000);
    CHECK_EQ_INT(gw_doc_line_count(doc), BIG / 4);
    gw_doc_free(doc);
  }
  free(text);
}

/* Invalid UTF-8 late in a large text: the error, no index left behind (ASan
 * sees a leak otherwise), and the exact position. */
static void test_invalid_late(void) {
  char *text = big_report(BIG, "", "\n");
  text[BIG - 10] = (char)0xFF;
  gw_doc *doc = NULL;
  gw_error err;
  CHECK_EQ_INT(gw_doc_from_memory(text, BIG, NULL, &doc, &err), GW_EUTF8);
  CHECK_EQ_INT(err.offset, BIG - 10);
  CHECK(doc == NULL);
  free(text);
}

int main(void) {
  test_kernels_note_every_lf();
  test_full_sink();
  test_loader_index("LF text", "", "\n", 1);
  test_loader_index("BOM", "\xEF\xBB\xBF", "\n", 1);
  test_loader_index("CRLF text", "", "\r\n", 0);
  test_dense_lines();
  test_invalid_late();
  return check_summary();
}
