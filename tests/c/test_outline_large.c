/* test_outline_large.c — outlines whose arrays are large enough to be kept
 * in mapped memory (sections and diagnostics past 4 MB; core/outline.c
 * switches from malloc to mmap/mremap while it grows them), and small ones
 * built many times in a row: the tree, offsets and diagnostics must be the
 * same whichever way the arrays were allocated. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "gongwen.h"

/* One report fragment of 8 lines and 4 headings.  Repeated, every copy
 * restarts at 一、, which is one diagnostic per copy after the first. */
static const char BLOCK[] = "一、总体要求\n"
                            "坚持依法行政，推进法治政府建设。\n"
                            "（一）加强组织领导\n"
                            "成立工作领导小组。\n"
                            "（二）完善制度体系\n"
                            "修订规范性文件。\n"
                            "二、存在问题\n"
                            "执法队伍建设有待加强。\n";

static char *repeat(size_t copies, size_t *len) {
  size_t n = strlen(BLOCK);
  char *text = malloc(n * copies + 1);
  for (size_t b = 0; b < copies; b++) memcpy(text + n * b, BLOCK, n);
  text[n * copies] = '\0';
  *len = n * copies;
  return text;
}

/* Byte offset of the line that starts with `prefix` in BLOCK. */
static size_t offset_of(const char *prefix) {
  const char *p = strstr(BLOCK, prefix);
  return p ? (size_t)(p - BLOCK) : (size_t)-1;
}

/* Counts the blocks whose four sections differ from the expected shape. */
static int bad_blocks(const char *text, const gw_outline *o, size_t copies) {
  size_t n = strlen(BLOCK);
  size_t h2 = offset_of("（一）"), h3 = offset_of("（二）"), h4 = offset_of("二、");
  size_t title = strlen("一、");
  int bad = 0;
  for (size_t b = 0; b < copies; b++) {
    const gw_section *s = &o->sections[1 + 4 * b];
    size_t base = n * b, line = 8 * b + 1;
    int first = (int)(1 + 4 * b);
    bad += s[0].level != 1 || !s[0].numbered || s[0].number != 1 || s[0].parent != 0 ||
           s[0].line != line || s[0].nchildren != 2 || s[0].first_child != first + 1;
    bad += s[0].start != base || s[0].stop != base + h4 - 1 || s[0].label_start != base ||
           s[0].label_stop != base + title || s[0].title_start != base + title ||
           s[0].title_stop != base + h2 - 1 - strlen("坚持依法行政，推进法治政府建设。\n");
    bad += s[0].own_stop != base + h2 - 1;  /* its body stops before （一） */
    bad += s[1].level != 2 || s[1].number != 1 || s[1].parent != first || s[1].line != line + 2 ||
           s[1].start != base + h2 || s[1].stop != base + h3 - 1 || s[1].next_sibling != first + 2;
    bad += s[2].level != 2 || s[2].number != 2 || s[2].parent != first || s[2].line != line + 4 ||
           s[2].next_sibling != -1;
    bad += s[3].level != 1 || s[3].number != 2 || s[3].parent != 0 || s[3].line != line + 6 ||
           s[3].start != base + h4 || s[3].stop != base + n - 1 || s[3].nchildren != 0;
    bad += s[3].next_sibling != (b + 1 < copies ? first + 4 : -1);
    bad += memcmp(text + s[2].title_start, "完善制度体系", s[2].title_stop - s[2].title_start) != 0;
  }
  return bad;
}

/* 30,000 copies: 120,001 sections (12 MB) and 29,999 diagnostics (5 MB),
 * both past the size from which the arrays are mapped. */
static void test_large_outline(void) {
  enum { COPIES = 30000 };
  size_t len;
  char *text = repeat(COPIES, &len);
  gw_outline o;
  gw_error err;
  CHECK_EQ_INT(gw_outline_build(text, len, &o, &err), 0);
  CHECK_EQ_INT(o.nsections, 1 + 4 * COPIES);
  CHECK_EQ_INT(o.ndiags, COPIES - 1);
  CHECK_EQ_INT(o.sections[0].nchildren, 2 * COPIES);
  CHECK_EQ_INT(o.sections[0].stop, len);
  if (o.nsections == 1 + 4 * COPIES) CHECK_EQ_INT(bad_blocks(text, &o, COPIES), 0);
  if (o.ndiags == COPIES - 1) {
    CHECK_EQ_INT(o.diags[0].line, 9);
    CHECK_EQ_STR(o.diags[0].message, "numbering restarts at 一、 after 二、");
    CHECK_EQ_INT(o.diags[COPIES - 2].line, 8 * (COPIES - 1) + 1);
    CHECK_EQ_STR(o.diags[COPIES - 2].message, "numbering restarts at 一、 after 二、");
  }
  gw_outline_free(&o);
  CHECK(o.sections == NULL && o.diags == NULL && o.nsections == 0);
  gw_outline_free(&o);  /* a second free is harmless */
  free(text);
}

/* The same text gives the same outline whatever its size class: the first
 * 1,000 blocks of the large text read as those of a 1,000-block text. */
static void test_sizes_agree(void) {
  static const size_t copies[] = {1, 2, 1000, 12000};
  for (size_t k = 0; k < sizeof copies / sizeof *copies; k++) {
    size_t len;
    char *text = repeat(copies[k], &len);
    gw_outline o;
    gw_error err;
    CHECK_EQ_INT(gw_outline_build(text, len, &o, &err), 0);
    CHECK_EQ_INT(o.nsections, 1 + 4 * copies[k]);
    CHECK_EQ_INT(o.ndiags, copies[k] - 1);
    if (o.nsections == 1 + 4 * copies[k]) CHECK_EQ_INT(bad_blocks(text, &o, copies[k]), 0);
    gw_outline_free(&o);
    free(text);
  }
}

/* Many small documents in a row (the 20,000-file case): each outline is
 * built and freed on its own, with the same result every time. */
static void test_many_small(void) {
  size_t len;
  char *text = repeat(3, &len);
  int bad = 0;
  for (int i = 0; i < 2000; i++) {
    gw_outline o;
    gw_error err;
    if (gw_outline_build(text, len, &o, &err) != 0) { bad++; continue; }
    bad += o.nsections != 13 || o.ndiags != 2 || bad_blocks(text, &o, 3) != 0;
    gw_outline_free(&o);
  }
  CHECK_EQ_INT(bad, 0);
  free(text);
}

/* A document's cached outline of the large kind is freed with it. */
static void test_doc_outline_large(void) {
  enum { COPIES = 20000 };
  size_t len;
  char *text = repeat(COPIES, &len);
  gw_doc *doc;
  gw_error err;
  if (!CHECK_EQ_INT(gw_doc_from_memory(text, len, NULL, &doc, &err), 0)) { free(text); return; }
  const gw_outline *o = gw_doc_outline(doc);
  CHECK(o != NULL);
  if (o) {
    CHECK_EQ_INT(o->nsections, 1 + 4 * COPIES);
    CHECK(gw_doc_outline(doc) == o);  /* cached */
    size_t n;
    const char *t = gw_doc_text(doc, &n);
    if (o->nsections == 1 + 4 * COPIES) CHECK_EQ_INT(bad_blocks(t, o, COPIES), 0);
  }
  gw_doc_free(doc);
  free(text);
}

/* Empty and blank texts: only the root. */
static void test_empty(void) {
  static const char *const texts[] = {"", "\n\n\n", "   \n\t\n"};
  for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
    gw_outline o;
    gw_error err;
    CHECK_EQ_INT(gw_outline_build(texts[k], strlen(texts[k]), &o, &err), 0);
    CHECK_EQ_INT(o.nsections, 1);
    CHECK_EQ_INT(o.ndiags, 0);
    CHECK_EQ_INT(o.sections[0].first_child, -1);
    gw_outline_free(&o);
  }
}

int main(void) {
  test_large_outline();
  test_sizes_agree();
  test_many_small();
  test_doc_outline_large();
  test_empty();
  return check_summary();
}
