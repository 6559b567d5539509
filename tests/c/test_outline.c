/* test_outline.c — the sectioner: labels, cleaning, and the heading trees of
 * the fixtures in tests/fixtures/outline (one per variant and trap) and of
 * two shared reports.  Expected trees were written by reading the texts. */
#include <stdlib.h>
#include "check.h"
#include "gongwen.h"
#include "numbering.h"

#define FIX "tests/fixtures/outline/"
#define CORPUS "../shared/corpus/"

static gw_doc *load(const char *path) {
  gw_doc *doc = NULL;
  gw_error err;
  if (gw_doc_open(path, NULL, &doc, &err) != 0) printf("  (%s)\n", err.message);
  CHECK(doc != NULL);
  return doc;
}

/* One line per section: "L<level> <label>|<title>", ~ before unnumbered ones. */
static char *tree(const gw_doc *doc, const gw_outline *o) {
  size_t len;
  const char *text = gw_doc_text(doc, &len);
  char *out = calloc(1, 64 * o->nsections + len + 1), *p = out;
  char *title = malloc(len + 1);
  for (size_t i = 1; i < o->nsections; i++) {
    const gw_section *s = &o->sections[i];
    size_t n = gw_section_title(text, s, title);
    p += sprintf(p, "%sL%d %.*s|%.*s\n", s->numbered ? "" : "~", s->level,
                 (int)(s->label_stop - s->label_start), text + s->label_start, (int)n, title);
  }
  free(title);
  return out;
}

static char *diags(const gw_outline *o) {
  char *out = calloc(1, 200 * o->ndiags + 1), *p = out;
  for (size_t i = 0; i < o->ndiags; i++) p += sprintf(p, "%zu %s\n", o->diags[i].line, o->diags[i].message);
  return out;
}

static void check_tree(const char *path, const char *want_tree, const char *want_diags) {
  gw_doc *doc = load(path);
  if (!doc) return;
  const gw_outline *o = gw_doc_outline(doc);
  CHECK(o != NULL);
  CHECK(gw_doc_outline(doc) == o); /* cached */
  char *t = tree(doc, o), *d = diags(o);
  if (!CHECK_EQ_STR(t, want_tree)) printf("  in %s\n", path);
  if (!CHECK_EQ_STR(d, want_diags)) printf("  in %s\n", path);
  free(t);
  free(d);
  gw_doc_free(doc);
}

static const gw_section *find_line(const gw_outline *o, size_t line) {
  for (size_t i = 0; i < o->nsections; i++)
    if (o->sections[i].line == line && i > 0) return &o->sections[i];
  return NULL;
}

static void test_labels(void) {
  static const struct { const char *s; int style, number; const char *text; } cases[] = {
    {"一、主要举措", GW_STYLE_CJK, 1, "主要举措"},
    {"十一、第十一项", GW_STYLE_CJK, 11, "第十一项"},
    {"二十三、第二十三项", GW_STYLE_CJK, 23, "第二十三项"},
    {"（一）强化执法", GW_STYLE_PAREN_CJK, 1, "强化执法"},
    {"(二)重视调解", GW_STYLE_PAREN_CJK, 2, "重视调解"},
    {"1.依法履行行政职能。", GW_STYLE_DIGIT, 1, "依法履行行政职能。"},
    {"2、顿号", GW_STYLE_DIGIT, 2, "顿号"},
    {"１２．全角", GW_STYLE_DIGIT, 12, "全角"},
    {"（1） 切实发挥", GW_STYLE_PAREN_DIGIT, 1, "切实发挥"},
    {"(3)半角", GW_STYLE_PAREN_DIGIT, 3, "半角"},
    {"4）右括号", GW_STYLE_DIGIT_PAREN, 4, "右括号"},
    {"②圈号", GW_STYLE_CIRCLED, 2, "圈号"},
    {"第二部分 存在问题", GW_STYLE_PART, 2, "存在问题"},
    {"第三章　总则", GW_STYLE_PART, 3, "总则"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    gw_label l;
    const char *s = cases[i].s;
    if (!CHECK(gw_label_parse(s, strlen(s), 0, &l))) { printf("  for %s\n", s); continue; }
    CHECK_EQ_INT(l.style, cases[i].style);
    CHECK_EQ_INT(l.number, cases[i].number);
    CHECK_EQ_STR(s + l.text, cases[i].text);
  }
  static const char *const not_labels[] = {
    "2024年，全镇", "2025-01-17", "4.15国家安全教育日", "一是规范执法", "1.5万元", "第一责任人",
    "两、", "一、", "（一）", "2024.1.17", "100.测试", "十二月", "《宪法》"};
  for (size_t i = 0; i < sizeof not_labels / sizeof not_labels[0]; i++) {
    gw_label l;
    if (!CHECK(!gw_label_parse(not_labels[i], strlen(not_labels[i]), 0, &l)))
      printf("  for %s\n", not_labels[i]);
  }
  gw_label l;
  char buf[64];
  const char *s = "（三）跳号";
  CHECK(gw_label_parse(s, strlen(s), 0, &l));
  gw_label_format(s, &l, 12, buf, sizeof buf);
  CHECK_EQ_STR(buf, "（十二）");
  s = "１．全角";
  CHECK(gw_label_parse(s, strlen(s), 0, &l));
  gw_label_format(s, &l, 2, buf, sizeof buf);
  CHECK_EQ_STR(buf, "２．");
}

static void test_clean(void) {
  static const struct { const char *in, *out; } cases[] = {
    {"[image: ]（三）强化制度执行", "（三）强化制度执行"},
    {"强化综合治理[image: ]，营造", "强化综合治理，营造"},
    {"[bookmark: _GoBack]（四）顺应改革", "（四）顺应改革"},
    {"  前后空白　\n\n\n第二段 ", "前后空白\n第二段"},
    /* a page break inside a sentence is joined; a heading line is not */
    {"1.依法履行。健全完善重大事项决策制度、会\n\n议制度等制度。", "1.依法履行。健全完善重大事项决策制度、会议制度等制度。"},
    {"推进法治政府建设\n\n学习法治思想。", "推进法治政府建设\n学习法治思想。"},
    {"还有待加强。、\n\n八、2021年工作思路", "还有待加强。、\n八、2021年工作思路"},
    {"正文。\nimage1.png\n", "正文。"},
    {"[not a leftover", "[not a leftover"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[256];
    size_t n = gw_clean_text(cases[i].in, strlen(cases[i].in), out);
    CHECK(n <= strlen(cases[i].in));
    out[n] = '\0';
    CHECK_EQ_STR(out, cases[i].out);
  }
}

static void test_traps(void) {
  check_tree(FIX "traps.txt",
             "L1 一、|主要举措和成效\n"
             "L3 1.|依法履行行政职能\n"
             "L3 2.|加强法治宣传教育\n"
             "L1 二、|存在的问题\n"
             "L4 （1）|法治意识有待提高\n"
             "L4 （2）|执法水平有待提升\n"
             "L1 三、|下一步工作计划\n",
             "");
  gw_doc *doc = load(FIX "traps.txt");
  if (!doc) return;
  const gw_outline *o = gw_doc_outline(doc);
  const char *text = gw_doc_text(doc, NULL);
  /* preamble: title and addressee; the 2024年， sentence after it is body */
  CHECK_EQ_INT(o->preamble_start, 0);
  CHECK(o->preamble_stop > 0 && memcmp(text + o->preamble_stop - 3, "：", 3) == 0);
  CHECK_EQ_INT(o->sections[0].level, 0);
  CHECK_EQ_INT(o->sections[0].parent, -1);
  CHECK_EQ_INT(o->sections[0].nchildren, 3);
  const gw_section *two = find_line(o, 8);
  if (CHECK(two != NULL)) {
    gw_item it[4];
    CHECK_EQ_INT(gw_section_items(text, two, it, 4), 3);
    CHECK(memcmp(text + it[0].start, "一是开展普法活动。", it[0].stop - it[0].start) == 0);
    CHECK_EQ_INT(it[0].stop - it[0].start, strlen("一是开展普法活动。"));
    CHECK_EQ_INT(it[1].number, 2);
    CHECK_EQ_INT(it[2].marker_stop - it[2].start, strlen("三是"));
    CHECK_EQ_INT(it[2].stop, two->stop);
  }
  /* （1） nests directly under 二、 */
  const gw_section *p1 = find_line(o, 10);
  if (CHECK(p1 != NULL)) CHECK_EQ_INT(o->sections[p1->parent].line, 9);
  /* sections nest and do not overlap */
  for (size_t i = 1; i < o->nsections; i++) {
    const gw_section *s = &o->sections[i], *p = &o->sections[s->parent];
    CHECK(s->start >= p->start && s->stop <= p->stop && s->start < s->stop);
    if (s->next_sibling >= 0) CHECK(s->stop <= o->sections[s->next_sibling].start);
  }
  gw_doc_free(doc);
}

static void test_numbering(void) {
  check_tree(FIX "numbering.txt",
             "L1 第一部分|总体情况\n"
             "L2 一、|组织领导\n"
             "L3 （一）|建立工作机制\n"
             "L3 (二)|完善制度\n"
             "L4 １．|全角数字标题\n"
             "L4 2、|顿号标题\n"
             "L5 （1）|括号数字\n"
             "L5 (2)|半角括号\n"
             "L2 十一、|第十一项\n"
             "L2 二十三、|第二十三项\n"
             "L3 （三）|跳号后的标题\n"
             "L3 （三）|重复的标题\n"
             "L3 （一）|重新开始\n",
             "9 numbering gap: 二、 expected, found 十一、\n"
             "10 numbering gap: 十二、 expected, found 二十三、\n"
             "11 numbering gap: （一） expected, found （三）\n"
             "12 numbering repeats: （三） again\n"
             "13 numbering restarts at （一） after （三）\n");
}

static void test_unnumbered(void) {
  check_tree(FIX "unnumbered.txt",
             "~L1 |主要工作开展情况\n"
             "~L2 |完善制度体系，规范权力运行\n"
             "~L2 |强化队伍建设，提升执法水平\n"
             "L2 （三）|加强普法宣传，营造良好氛围\n"
             "L1 二、|存在的问题\n"
             "~L1 |下一步工作打算\n"
             "L2 （一）|深化学习教育\n"
             "L2 （二）|创新宣传方式\n",
             "4 heading without number where 一、 expected\n"
             "6 heading without number where （一） expected\n"
             "7 heading without number where （二） expected\n"
             "11 heading without number where 三、 expected\n");
}

static void test_runin(void) {
  check_tree(FIX "runin.txt",
             "L1 一、|基本情况\n"
             "L2 （一）|成立以镇党委书记为组长\n"
             "L2 （二）|强化综合治理，营造安全环境\n"
             "L3 1.|依法履行行政职能\n"
             "L3 2.|实施风险评估\n",
             "");
  gw_doc *doc = load(FIX "runin.txt");
  if (!doc) return;
  const gw_outline *o = gw_doc_outline(doc);
  size_t len;
  const char *text = gw_doc_text(doc, &len);
  char *body = malloc(len + 1);
  const gw_section *one = find_line(o, 4);
  if (CHECK(one != NULL)) {
    size_t n = gw_section_body(text, one, body);
    body[n] = '\0';
    CHECK_EQ_STR(body, "健全完善重大事项决策制度、会议制度等制度，做到科学化。主要有：1.建立制度；2.规范程序。");
    gw_item it[1];
    CHECK_EQ_INT(gw_section_items(text, one, it, 1), 2);  /* inline 1. 2.; only the first stored */
    CHECK(memcmp(text + it[0].start, "1.建立制度；", it[0].stop - it[0].start) == 0);
  }
  const gw_section *two = find_line(o, 3);
  if (CHECK(two != NULL)) CHECK_EQ_INT(gw_section_items(text, two, NULL, 0), 3);  /* 一是 二是；三是 */
  /* a long run-in title stops at its first comma; the sentence stays in the body */
  const gw_section *first = find_line(o, 2);
  if (CHECK(first != NULL)) CHECK_EQ_INT(first->body_start, first->title_start);
  free(body);
  gw_doc_free(doc);
}

static void test_corpus(void) {
  check_tree(CORPUS "003_3dec04221fb15ce6.txt",
             "L1 一、|2023年度推进法治政府建设的主要举措和成效\n"
             "L2 （一）|坚持以习近平法治思想武装头脑指导实践\n"
             "L2 （二）|深入开展普法宣传，进一步增强群众法律意识\n"
             "L2 （三）|全面夯实法治保障\n"
             "L2 （四）|顺应改革，提升行政执法执行力\n"
             "L1 二、|2023年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况\n"
             "L4 （1）|切实发挥党政主要负责人在推进本单位法治建设中的领导核心作用\n"
             "L4 （2）|努力营造全乡党员干部学法遵法用法守法良好氛围\n"
             "L1 三、|2023年度推进法治政府建设存在的不足和原因\n"
             "L1 四、|2024年推进法治政府建设的工作思路、目标举措\n"
             "L2 （一）|广泛深入宣传，普及法治教育\n"
             "L2 （二）|深化基层治理，增强矛盾纠纷化解实效\n"
             "L2 （三）|以三项制度为抓手，推进依法执政\n",
             "");
  check_tree(CORPUS "004_7ce380657ba69b2b.txt",
             "~L1 |推进法治政府建设的主要举措及成效\n"
             "~L2 |学习法治思想，增强法治观念\n"
             "~L2 |强化制度建设，全面依法行政\n"
             "L2 （三）|推进依法治理，维护社会稳定\n"
             "L2 （四）|健全服务体系，提供法治保障\n"
             "L2 （五）|强化普法宣传，营造浓厚氛围\n"
             "L1 二、|党政主要负责人履行推进法治建设第一责任人职责情况\n"
             "~L1 |存在的问题及2025年工作安排\n"
             "L2 （一）|加强组织领导\n"
             "L2 （二）|加强法治宣传\n"
             "L2 （三）|提升执法能力\n",
             "3 heading without number where 一、 expected\n"
             "5 heading without number where （一） expected\n"
             "6 heading without number where （二） expected\n"
             "14 heading without number where 三、 expected\n");
}

static void test_edges(void) {
  gw_outline o;
  gw_error err;
  CHECK_EQ_INT(gw_outline_build("", 0, &o, &err), 0);
  CHECK_EQ_INT(o.nsections, 1);
  gw_outline_free(&o);
  const char *only = "（一）\n（一）\n（一）甲\n（一）乙\n";
  CHECK_EQ_INT(gw_outline_build(only, strlen(only), &o, &err), 0);
  CHECK_EQ_INT(o.nsections, 3);
  CHECK_EQ_INT(o.ndiags, 1);
  gw_outline_free(&o);
  const char *noline = "一、没有换行的标题";
  CHECK_EQ_INT(gw_outline_build(noline, strlen(noline), &o, &err), 0);
  CHECK_EQ_INT(o.nsections, 2);
  CHECK_EQ_INT(o.sections[1].stop, strlen(noline));
  gw_outline_free(&o);
}

/* Many gaps that paragraphs fill (fill_gap adds sections the candidates did
 * not announce): every block reads 一、 / two lead sentences / （三）, so each
 * gives four sections and the tree must not lose or reorder any. */
static void test_many_filled_gaps(void) {
  enum { BLOCKS = 300 };
  const char *block = "一、工作情况\n"
                      "强化执法规范要求。正文内容，继续写下去。\n"
                      "提升服务水平能力。正文内容，继续写下去。\n"
                      "（三）第三个标题\n"
                      "正文内容很多，继续写下去，这是一个段落。\n";
  size_t n = strlen(block);
  char *text = malloc(n * BLOCKS + 1);
  for (int b = 0; b < BLOCKS; b++) memcpy(text + n * b, block, n);
  gw_outline o;
  gw_error err;
  CHECK_EQ_INT(gw_outline_build(text, n * BLOCKS, &o, &err), 0);
  CHECK_EQ_INT(o.nsections, 1 + 4 * BLOCKS);
  CHECK_EQ_INT(o.ndiags, 3 * BLOCKS - 1);  /* 一、 repeats; two unnumbered among （三） each time */
  int bad = 0;
  for (int b = 0; b < BLOCKS && o.nsections == 1 + 4 * BLOCKS; b++) {
    const gw_section *s = &o.sections[1 + 4 * b];
    size_t line = 5 * (size_t)b + 1;
    bad += s[0].level != 1 || !s[0].numbered || s[0].parent != 0 || s[0].line != line || s[0].nchildren != 3;
    bad += s[1].level != 2 || s[1].numbered || s[1].parent != 1 + 4 * b || s[1].line != line + 1;
    bad += s[2].level != 2 || s[2].numbered || s[2].parent != 1 + 4 * b || s[2].line != line + 2;
    bad += s[3].level != 2 || !s[3].numbered || s[3].number != 3 || s[3].line != line + 3;
    bad += memcmp(text + s[1].title_start, "强化执法规范要求", s[1].title_stop - s[1].title_start) != 0;
    bad += s[3].stop != n * (size_t)(b + 1) - 1;  /* up to the end of the paragraph */
  }
  CHECK_EQ_INT(bad, 0);
  gw_outline_free(&o);
  free(text);
}

/* Items are found on request, in the section's own text only: not in its
 * children, and counted in full when the buffer is smaller. */
static void test_items_own_text(void) {
  const char *text = "一、总体情况\n"
                     "一是学习。二是培训。三是考核。\n"
                     "（一）具体做法\n"
                     "一是宣传；二是调解。\n";
  gw_outline o;
  gw_error err;
  CHECK_EQ_INT(gw_outline_build(text, strlen(text), &o, &err), 0);
  if (!CHECK_EQ_INT(o.nsections, 3)) { gw_outline_free(&o); return; }
  const gw_section *one = &o.sections[1], *sub = &o.sections[2];
  CHECK_EQ_INT(one->own_stop, (size_t)(strstr(text, "（一）") - text) - 1);
  gw_item it[8];
  CHECK_EQ_INT(gw_section_items(text, one, it, 8), 3);
  CHECK_EQ_INT(it[2].number, 3);
  CHECK(memcmp(text + it[2].start, "三是考核。", it[2].stop - it[2].start) == 0);
  CHECK_EQ_INT(it[2].stop - it[2].start, strlen("三是考核。"));
  CHECK_EQ_INT(gw_section_items(text, sub, it, 1), 2);
  CHECK(memcmp(text + it[0].start, "一是宣传；", it[0].stop - it[0].start) == 0);
  CHECK_EQ_INT(it[0].stop - it[0].start, strlen("一是宣传；"));
  CHECK_EQ_INT(gw_section_items(text, &o.sections[0], it, 8), 0);  /* the root has no text of its own */
  gw_outline_free(&o);
}

int main(void) {
  test_labels();
  test_clean();
  test_traps();
  test_numbering();
  test_unnumbered();
  test_runin();
  test_corpus();
  test_edges();
  test_many_filled_gaps();
  test_items_own_text();
  return check_summary();
}
