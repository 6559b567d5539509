/* test_extract.c — extraction on the shared reports (against the expected
 * readings in ../shared/corpus/expected, written into the tables below) and
 * on fixtures for every form of the extraction issue. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "gongwen.h"

#define CORPUS "../shared/corpus/"
#define FIXTURES "tests/fixtures/extract/"

typedef struct exp_quantity { double value; const char *unit; int approx; const char *evidence; } exp_quantity;
typedef struct exp_meta { const char *title, *org; int year; const char *doc_number, *date, *addressee; } exp_meta;
typedef struct exp_part { const char *title; const char *parts; /* comma-separated */ } exp_part;
typedef struct exp_report {
  const char *file;
  exp_meta meta;
  const char *const *citations;   /* distinct titles, sorted by code point */
  const exp_quantity *quantities;
  const char *const *not_quantities;
  const exp_part *parts;
} exp_report;

/* ---- expected readings of the shared reports (from ../shared/corpus/expected, one table per report) ---- */
static const char *const cites0[] = {"中华人民共和国宪法", "中华人民共和国政府信息公开条例", "中华人民共和国民法典", "中国共产党问责条例", "丰都县高家镇人民政府主动公开基本目录", "习近平法治思想学习纲要", "普法责任目标管理书", "论坚持全面依法治国", "高家镇党委中心组学习制度", "高家镇内部流转办理机制", "高家镇引发信访问题终身追责实施细则", "高家镇行政执法“三项制度”", "高家镇财务管理制度", NULL};
static const exp_quantity quants0[] = {
  {11, "个", 0, "建立矛调工作站11个"},
  {178, "个", 0, "调解点178个"},
  {798, "件", 0, "全面排查矛盾纠纷798件"},
  {798, "件", 0, "成功调解798件"},
  {100, "%", 0, "调解成功率达100%"},
  {80, "学时", 1, "组织网络培训学习超80学时"},
  {300, "次", 1, "以案释法300余次"},
  {630, "条", 1, "线上答疑630余条"},
  {3000, "份", 1, "发放各类宣传资料3000余份"},
  {765, "卷", 0, "制作人民调解案卷765卷"},
  {0, NULL, 0, NULL}};
static const char *const notq0[] = {"四个意识", "四个自信", "两个维护", "三项制度", "一窗综办", "3·15", "4·15", "6·26", "12·4", "三到位一处理", "四化", NULL};
static const exp_part parts0[] = {
  {"2024年推进法治政府建设的主要举措和成效", "measures"},
  {"2024年高家镇党政主要负责人推动法治政府建设工作部署落地落实", "leadership"},
  {"2024年推进法治政府建设存在的不足和原因", "problems"},
  {"2025年推进法治政府建设的工作思路及举措", "plans"},
  {NULL, NULL}};
static const char *const cites1[] = {"中华人民共和国人民调解法", "中华人民共和国宪法", "中华人民共和国政府信息公开条例", "中国共产党基层组织选举工作条例", "丰都县法治政府建设实施意见（2017—2020年）", "优化营商环境条例", "保障农民工工资支付条例", "信访条例", "实施意见", "实施方案", "民法典", "法治政府建设实施纲要（2015－2020年）", "纲要", "重庆市法治政府建设实施方案（2016-2020年）", NULL};
static const exp_quantity quants1[] = {
  {9, "村", 0, "在我镇9村1社设立了公共法律服务室"},
  {1, "社", 0, "在我镇9村1社设立了公共法律服务室"},
  {300, "人", 1, "积极帮助群众关注“重庆掌上12348”微信公众号300余人"},
  {2, "次", 0, "开展大型文艺演出活动2次"},
  {1, "名", 0, "聘请了专职人民调解员1名"},
  {0, NULL, 0, NULL}};
static const char *const notq1[] = {"12348", "4.15", "12•4", "四个意识", "四风", NULL};
static const exp_part parts1[] = {
  {"基本情况", "measures"},
  {"依法全面履行政府职能", "measures"},
  {"推进行政决策科学化、民主化、法治化", "measures"},
  {"依法有效化解社会矛盾纠纷", "measures"},
  {"法治政府建设工作主要成效", "measures"},
  {"存在的问题", "problems"},
  {"2021年工作思路", "plans"},
  {NULL, NULL}};
static const char *const cites2[] = {"坚定不移走中国特色社会主义法治道路 为全面建设社会主义现代化国家提供有力法治保障", "房镇镇2024年法治宣传教育工作计划", "房镇镇党委理论学习中心组2024年学习计划", "房镇镇法治政府建设实施方案", "法治政府建设实施纲要(2021-2025年)", "法治政府建设实施纲要(2021—2025年)", "镇村(社区)重大事项合法性审查全覆盖工作实施方案", NULL};
static const exp_quantity quants2[] = {
  {80, "场", 1, "共组织法治宣传等活动80余场"},
  {480, "人次", 1, "解答群众咨询480余人次"},
  {31, "个", 0, "31个村(社区)"},
  {15, "份", 1, "累计审查镇村两级合同15余份"},
  {5, "次", 0, "开展法治讲座活动5次"},
  {100, "%", 0, "参加率和合格率均为100%"},
  {85, "家次", 1, "执法检查85余家次"},
  {200, "人", 1, "培训人员200余人"},
  {136, "件", 0, "集中供暖等问题136件"},
  {260, "小时", 1, "累计节约警力时间约260小时"},
  {0, NULL, 0, NULL}};
static const char *const notq2[] = {"11370303004217450U/2025-5502184", "三源共治", "一站式", "双随机、一公开", NULL};
static const exp_part parts2[] = {
  {"党政主要负责人履行推进法治建设第一责任人职责情况", "leadership"},
  {"推进法治政府建设的主要举措和成效", "measures"},
  {"工作中存在的不足和原因", "problems"},
  {"2025年推进法治政府建设的计划安排", "plans"},
  {NULL, NULL}};
static const char *const cites3[] = {"中华人民共和国家庭教育促进法", "中华人民共和国民法典", "习近平法治思想学习纲要", "宪法", "法律援助条例", "深刻把握两个确立的决定性意义", "青龙乡党政主要负责人履行推进法治建设第一责任人职责", NULL};
static const exp_quantity quants3[] = {
  {35, "场次", 0, "学习宣讲会35场次"},
  {7, "场次", 0, "集中宣传7场次"},
  {2000, "本", 1, "宣传读本2000余本"},
  {1000, "个", 1, "宣传袋1000余个"},
  {26, "次", 0, "完成普法宣传栏内容更换共计26次"},
  {8, "个", 0, "8个公共法律服务室"},
  {122, "件次", 0, "开展人民调解122件次"},
  {100, "%", 0, "化解矛盾成功率高达100%"},
  {37, "项", 0, "承接县级委托执法事项37项"},
  {27, "项", 0, "认领乡镇法定执法事项27项"},
  {0, NULL, 0, NULL}};
static const char *const notq3[] = {"4.15", "6.26", "12.4", "八五", "两个确立", "一庭两所", "三调", NULL};
static const exp_part parts3[] = {
  {"2023年度推进法治政府建设的主要举措和成效", "measures"},
  {"2023年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况", "leadership"},
  {"2023年度推进法治政府建设存在的不足和原因", "problems"},
  {"2024年推进法治政府建设的工作思路、目标举措", "plans"},
  {NULL, NULL}};
static const char *const cites4[] = {"2024年大足区法治政府建设工作要点", "中华人民共和国政府信息公开条例", "信访工作条例", "党政主要负责人履行推进法治建设第一责任人职责规定", "宪法", "未成年人保护法", "民法典", "禁毒法", NULL};
static const exp_quantity quants4[] = {
  {2, "次", 0, "确立上下半年2次法治专题集中学习计划"},
  {41, "条", 0, "主动公开政府信息41条"},
  {6, "件", 0, "共接到信访案件6件"},
  {6, "件", 0, "其中网上代理案件6件"},
  {100, "%", 0, "均已100%按期回复"},
  {40, "名", 0, "全镇40名“法律明白人”"},
  {8, "个", 0, "已实现8个村（社区）法律顾问全覆盖"},
  {0, NULL, 0, NULL}};
static const char *const notq4[] = {"三重一大", "4·15", "五进", NULL};
static const exp_part parts4[] = {
  {"推进法治政府建设的主要举措及成效", "measures"},
  {"党政主要负责人履行推进法治建设第一责任人职责情况", "leadership"},
  {"存在的问题及2025年工作安排", "problems,plans"},
  {NULL, NULL}};
static const exp_report reports[] = {
  {"000_e4f3eb5238560b4d.txt", {"2024年法治政府建设情况报告", "高家镇", 2024, "", "", ""},
   cites0, quants0, notq0, parts0},
  {"001_621cb3420cf20d40.txt", {"双龙镇2020年法治政府建设情况报告", "双龙镇", 2020, "", "", ""},
   cites1, quants1, notq1, parts1},
  {"002_6a3c11ae070e1455.txt", {"中共张店区房镇镇委员会关于2024年度法治政府建设情况报告", "房镇镇", 2024, "", "2025-01-17", ""},
   cites2, quants2, notq2, parts2},
  {"003_3dec04221fb15ce6.txt", {"关于青龙乡2023年法治政府建设情况的报告", "青龙乡", 2023, "青龙委文〔2024〕7号", "", "依法治县办"},
   cites3, quants3, notq3, parts3},
  {"004_7ce380657ba69b2b.txt", {"2024年法治政府建设情况报告", "回龙镇", 2024, "", "", ""},
   cites4, quants4, notq4, parts4},
};

/* ------------------------------------------------------------ helpers */

static const gw_quantity *quantity(const gw_results *r, size_t i) { return (const gw_quantity *)r->data + i; }
static const gw_citation *citation(const gw_results *r, size_t i) { return (const gw_citation *)r->data + i; }

static int span_is(const char *text, size_t b, size_t e, const char *want) {
  return e - b == strlen(want) && memcmp(text + b, want, e - b) == 0;
}

/* 1 when some occurrence of needle in text covers [b, e). */
static int inside(const char *text, size_t len, const char *needle, size_t b, size_t e) {
  size_t n = strlen(needle);
  for (const char *p = text; (p = memmem(p, len - (size_t)(p - text), needle, n)) != NULL; p++) {
    size_t s = (size_t)(p - text);
    if (s <= b && e <= s + n) return 1;
  }
  return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* ------------------------------------------------------------ the shared reports */

static void check_meta(const char *text, size_t len, const exp_report *rep) {
  gw_meta m;
  CHECK_EQ_INT(gw_extract_meta(text, len, NULL, &m), GW_OK);
  printf("# %s meta\n", rep->file);
  CHECK_EQ_STR(m.title, rep->meta.title);
  CHECK_EQ_STR(m.org, rep->meta.org);
  CHECK_EQ_INT(m.year, rep->meta.year);
  CHECK_EQ_STR(m.doc_number, rep->meta.doc_number);
  CHECK_EQ_STR(m.date, rep->meta.date);
  CHECK_EQ_STR(m.addressee, rep->meta.addressee);
}

static void check_citations(const char *text, size_t len, const exp_report *rep) {
  gw_results r = {0};
  CHECK_EQ_INT(gw_extract_citations(text, len, &r), GW_OK);
  char **titles = calloc(r.n + 1, sizeof *titles);
  size_t n = 0;
  for (size_t i = 0; i < r.n; i++) {
    const gw_citation *c = citation(&r, i);
    CHECK(span_is(text, c->start, c->start + 3, "《") && span_is(text, c->stop - 3, c->stop, "》"));
    titles[n++] = strndup(text + c->title_start, c->title_stop - c->title_start);
  }
  qsort(titles, n, sizeof *titles, cmp_str);
  size_t distinct = 0;
  for (size_t i = 0; i < n; i++)
    if (distinct == 0 || strcmp(titles[distinct - 1], titles[i]) != 0) titles[distinct++] = titles[i];
    else free(titles[i]);
  size_t want = 0;
  while (rep->citations[want]) want++;
  printf("# %s citations\n", rep->file);
  CHECK_EQ_INT(distinct, want);
  for (size_t i = 0; i < distinct && i < want; i++) CHECK_EQ_STR(titles[i], rep->citations[i]);
  for (size_t i = 0; i < distinct; i++) free(titles[i]);
  free(titles);
  gw_results_free(&r);
}

static void check_quantities(const char *text, size_t len, const exp_report *rep) {
  gw_results r = {0};
  CHECK_EQ_INT(gw_extract_quantities(text, len, &r), GW_OK);
  for (const exp_quantity *e = rep->quantities; e->unit; e++) {
    int found = 0;
    for (size_t i = 0; i < r.n && !found; i++) {
      const gw_quantity *q = quantity(&r, i);
      found = q->value == e->value && q->approx == e->approx &&
              span_is(text, q->unit_start, q->unit_stop, e->unit) &&
              inside(text, len, e->evidence, q->num_start, q->unit_stop);
    }
    if (!found) printf("# %s: no quantity %g %s in \"%s\"\n", rep->file, e->value, e->unit, e->evidence);
    CHECK(found);
  }
  for (const char *const *nq = rep->not_quantities; *nq; nq++)
    for (size_t i = 0; i < r.n; i++) {
      const gw_quantity *q = quantity(&r, i);
      int bad = inside(text, len, *nq, q->num_start, q->num_stop);
      if (bad) printf("# %s: quantity from \"%s\"\n", rep->file, *nq);
      CHECK(!bad);
    }
  for (size_t i = 0; i < r.n; i++) { /* every span lies inside the text, in order */
    const gw_quantity *q = quantity(&r, i);
    CHECK(q->start <= q->num_start && q->num_stop <= q->unit_start && q->unit_stop <= q->stop &&
          q->stop <= len && q->subject_start <= q->subject_stop && q->subject_stop <= len);
  }
  gw_results_free(&r);
}

static void check_parts(const exp_report *rep) {
  for (const exp_part *p = rep->parts; p->title; p++) {
    const char *parts[4];
    int n = gw_classify_part(p->title, strlen(p->title), parts);
    char got[128] = "";
    for (int i = 0; i < n; i++) {
      if (i) strcat(got, ",");
      strcat(got, parts[i]);
    }
    CHECK_EQ_STR(got, p->parts);
  }
}

static void test_reports(void) {
  for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
    char path[256];
    snprintf(path, sizeof path, CORPUS "%s", reports[i].file);
    size_t len;
    char *text = check_slurp(path, &len);
    if (!text) continue;
    check_meta(text, len, &reports[i]);
    check_citations(text, len, &reports[i]);
    check_quantities(text, len, &reports[i]);
    check_parts(&reports[i]);
    free(text);
  }
}

/* ------------------------------------------------------------ quantity forms */

/* Checks that text holds exactly one quantity with these fields; approx_word
 * "" for exact, subject as expected (NULL: not checked). */
static void one_quantity(const char *text, double value, const char *unit, const char *approx_word,
                         const char *subject) {
  gw_results r = {0};
  CHECK_EQ_INT(gw_extract_quantities(text, strlen(text), &r), GW_OK);
  if (!CHECK_EQ_INT(r.n, 1)) { printf("# in \"%s\"\n", text); gw_results_free(&r); return; }
  const gw_quantity *q = quantity(&r, 0);
  if (!(q->value == value && span_is(text, q->unit_start, q->unit_stop, unit) &&
        span_is(text, q->approx_start, q->approx_stop, approx_word) &&
        q->approx == (approx_word[0] != 0) &&
        (!subject || span_is(text, q->subject_start, q->subject_stop, subject)))) {
    printf("FAIL %s: got %g [%.*s] approx [%.*s] subject [%.*s], want %g %s %s %s\n", text, q->value,
           (int)(q->unit_stop - q->unit_start), text + q->unit_start,
           (int)(q->approx_stop - q->approx_start), text + q->approx_start,
           (int)(q->subject_stop - q->subject_start), text + q->subject_start, value, unit, approx_word,
           subject ? subject : "-");
    check_failed++;
  } else {
    check_passed++;
  }
  gw_results_free(&r);
}

static void no_quantity(const char *text) {
  gw_results r = {0};
  CHECK_EQ_INT(gw_extract_quantities(text, strlen(text), &r), GW_OK);
  if (r.n) {
    const gw_quantity *q = quantity(&r, 0);
    printf("FAIL no quantity wanted in \"%s\", got %.*s\n", text, (int)(q->stop - q->start), text + q->start);
    check_failed++;
  } else {
    check_passed++;
  }
  gw_results_free(&r);
}

static void test_quantity_forms(void) {
  /* Arabic numbers with counting units; the subject is the noun phrase measured */
  one_quantity("在村（社区）设立调解点178个。", 178, "个", "", "调解点");
  one_quantity("调解成功率达100%。", 100, "%", "", "调解成功率");
  one_quantity("全面排查矛盾纠纷798件。", 798, "件", "", "矛盾纠纷");
  one_quantity("确立上下半年2次法治专题集中学习。", 2, "次", "", "法治专题集中学习");
  one_quantity("全镇40名“法律明白人”为村民服务。", 40, "名", "", "法律明白人");
  one_quantity("其中网上代理案件6件。", 6, "件", "", "网上代理案件");
  one_quantity("发放宣传单、明白纸等1000份。", 1000, "份", "", "宣传单、明白纸");
  one_quantity("参加率和合格率均为100%。", 100, "%", "", "参加率和合格率");
  one_quantity("培训学习共计12学时。", 12, "学时", "", "培训学习");
  one_quantity("解答群众咨询480人次。", 480, "人次", "", "群众咨询");
  one_quantity("投入专项资金3.5万元。", 3.5, "万元", "", "专项资金");
  one_quantity("发放宣传资料1,200份。", 1200, "份", "", "宣传资料");
  one_quantity("设立调解点１７８个。", 178, "个", "", "调解点");
  /* approximations */
  one_quantity("共组织法治宣传活动80余场。", 80, "场", "余", "法治宣传活动");
  one_quantity("以案释法300余次。", 300, "次", "余", "以案释法");
  one_quantity("执法检查85余家次。", 85, "家次", "余", "执法检查");
  one_quantity("悬挂宣传标语20余条。", 20, "条", "余", "宣传标语");
  one_quantity("组织网络培训学习超80学时。", 80, "学时", "超", "网络培训学习");
  one_quantity("培训人员近200人。", 200, "人", "近", "培训人员");
  one_quantity("节约警力时间约260小时。", 260, "小时", "约", "警力时间");
  one_quantity("参加培训200多人。", 200, "人", "多", NULL);
  one_quantity("节约时间260小时左右。", 260, "小时", "左右", "时间");
  /* Chinese numerals */
  one_quantity("开展两次专题培训。", 2, "次", "", "专题培训");
  one_quantity("举办法治讲座三场。", 3, "场", "", "法治讲座");
  one_quantity("组织集中学习十余次。", 10, "次", "余", "集中学习");
  one_quantity("成功调解纠纷一百二十二件。", 122, "件", "", NULL);
  one_quantity("新增两千三百零五名用户。", 2305, "名", "", "用户");
  /* two quantities in one clause list, each with its own subject */
  {
    const char *t = "建立矛调工作站11个、调解点178个。";
    gw_results r = {0};
    gw_extract_quantities(t, strlen(t), &r);
    if (CHECK_EQ_INT(r.n, 2)) {
      CHECK(span_is(t, quantity(&r, 0)->subject_start, quantity(&r, 0)->subject_stop, "矛调工作站"));
      CHECK(span_is(t, quantity(&r, 1)->subject_start, quantity(&r, 1)->subject_stop, "调解点"));
      /* the text keeps the verb, the subject leaves it out */
      CHECK(span_is(t, quantity(&r, 0)->start, quantity(&r, 0)->stop, "建立矛调工作站11个"));
    }
    gw_results_free(&r);
  }
  /* not quantities: list markers, fixed phrases, years, dates, changes, numbers, labels */
  no_quantity("一是加强学习，二是规范执法，三是强化监督。");
  no_quantity("深化“一窗综办”改革，打造一站式服务，落实行政执法三项制度。");
  no_quantity("增强“四个意识”、坚定“四个自信”、做到“两个维护”。");
  no_quantity("按照“三到位一处理”要求，推行“四化”工作法，建立“一庭两所”机制。");
  no_quantity("2024年，我镇扎实推进法治建设。2024年度考核优秀。");
  no_quantity("发文日期：2025-01-17，2025年1月17日印发。");
  no_quantity("依据青龙委文〔2024〕7号和渝委发〔2016〕27号文件。");
  no_quantity("一、主要举措\n（一）加强学习。\n1.依法履行职能。\n（1）规范执法。\n");
  no_quantity("案件数量同比增长12%，结案率比上年提高5个百分点，投诉下降3%。");
  no_quantity("在“3·15”“4·15”“12·4”国家宪法日和4.15国家安全教育日开展宣传。");
  no_quantity("拨打“12348”热线，索引号11370303004217450U/2025-5502184。");
  no_quantity("履行第一责任人职责，打造一批法治文化阵地，建设一支执法队伍。");
  no_quantity("“十四五”期间，落实“八五”普法。");
  no_quantity("学习《关于加强3项制度建设的意见》。");
  one_quantity("学习《未闭合的3项制度\n设立调解点5个。", 5, "个", "", "调解点"); /* a title ends with its line */
  one_quantity("《规划》要求，设立调解点5个。", 5, "个", "", "调解点");
  no_quantity("开展数十次宣传。");
  no_quantity("培训99999999999999999999999次。"); /* an identifier, too long for a count */
  one_quantity("投入资金999999999999999元。", 999999999999999.0, "元", "", "资金");
}

/* ------------------------------------------------------------ citations, quotes */

static void one_citation(const char *title, const char *kind, const char *law) {
  char text[512];
  snprintf(text, sizeof text, "认真学习《%s》。", title);
  gw_results r = {0};
  CHECK_EQ_INT(gw_extract_citations(text, strlen(text), &r), GW_OK);
  if (CHECK_EQ_INT(r.n, 1)) {
    const gw_citation *c = citation(&r, 0);
    CHECK(span_is(text, c->title_start, c->title_stop, title));
    CHECK_EQ_INT(c->start, strlen("认真学习"));
    if (!CHECK_EQ_STR(gw_citation_kind_name(c->kind), kind)) printf("# for %s\n", title);
    CHECK_EQ_STR(c->law_name, law);
  }
  gw_results_free(&r);
}

static void test_citations(void) {
  one_citation("宪法", "law", "宪法");
  one_citation("中华人民共和国宪法", "law", "宪法");  /* the same law_name as 《宪法》 */
  one_citation("民法典", "law", "民法典");
  one_citation("中华人民共和国民法典", "law", "民法典");
  one_citation("信访工作条例", "law", "信访工作条例");
  one_citation("中华人民共和国行政处罚法（2021年修订）", "law", "行政处罚法");
  one_citation("党政主要负责人履行推进法治建设第一责任人职责规定", "law",
               "党政主要负责人履行推进法治建设第一责任人职责规定");
  one_citation("法治政府建设实施纲要（2021—2025年）", "plan", "");
  one_citation("重庆市法治政府建设实施方案", "plan", "");
  one_citation("丰都县法治政府建设实施意见", "plan", "");
  one_citation("2024年大足区法治政府建设工作要点", "plan", "");
  one_citation("高家镇财务管理制度", "internal", "");
  one_citation("青龙乡党政主要负责人履行推进法治建设第一责任人职责", "internal", "");
  one_citation("高家镇行政执法“三项制度”", "internal", "");
  one_citation("普法责任目标管理书", "internal", "");
  one_citation("习近平法治思想学习纲要", "book", "");
  one_citation("论坚持全面依法治国", "book", "");
  one_citation("深刻把握两个确立的决定性意义", "other", "");

  /* an unclosed bracket gives nothing; an inner one restarts the title */
  const char *t = "学习《宪法\n和《关于印发《民法典》";
  gw_results r = {0};
  gw_extract_citations(t, strlen(t), &r);
  if (CHECK_EQ_INT(r.n, 1)) CHECK(span_is(t, citation(&r, 0)->title_start, citation(&r, 0)->title_stop, "民法典"));
  gw_results_free(&r);

  t = "增强“四个意识”，践行“枫桥经验”，“6·26”国际禁毒日”“12·4”";
  gw_extract_quotes(t, strlen(t), &r);
  if (CHECK_EQ_INT(r.n, 4)) {
    CHECK(span_is(t, citation(&r, 0)->title_start, citation(&r, 0)->title_stop, "四个意识"));
    CHECK(span_is(t, citation(&r, 1)->title_start, citation(&r, 1)->title_stop, "枫桥经验"));
    CHECK(span_is(t, citation(&r, 3)->title_start, citation(&r, 3)->title_stop, "12·4"));
    CHECK_EQ_INT(citation(&r, 0)->kind, GW_CITE_OTHER);
  }
  gw_results_free(&r);
}

/* ------------------------------------------------------------ dates */

static void one_date(const char *text, int y, int m, int d, const char *written) {
  gw_results r = {0};
  CHECK_EQ_INT(gw_extract_dates(text, strlen(text), &r), GW_OK);
  if (CHECK_EQ_INT(r.n, 1)) {
    const gw_date *x = (const gw_date *)r.data;
    CHECK_EQ_INT(x->year, y);
    CHECK_EQ_INT(x->month, m);
    CHECK_EQ_INT(x->day, d);
    CHECK(span_is(text, x->start, x->stop, written));
  } else {
    printf("# in %s\n", text);
  }
  gw_results_free(&r);
}

static void test_dates(void) {
  one_date("印发日期：2025年1月17日", 2025, 1, 17, "2025年1月17日");
  one_date("发文日期: | 2025-01-17 |", 2025, 1, 17, "2025-01-17");
  one_date("2025/1/7", 2025, 1, 7, "2025/1/7");
  one_date("二〇二五年一月十七日", 2025, 1, 17, "二〇二五年一月十七日");
  one_date("2024年度工作", 2024, 0, 0, "2024年");
  one_date("截至2024年6月底", 2024, 6, 0, "2024年6月");
  one_date("编号11370303004217450U/2025-5502184，于2023年办结", 2023, 0, 0, "2023年");
  one_date("热线12348，文号〔2024〕7号，第2025号，2025-13-01，2024年", 2024, 0, 0, "2024年");
}

/* ------------------------------------------------------------ meta */

static void check_fixture_meta(const char *file, const exp_meta *want, const char *region) {
  char path[256];
  snprintf(path, sizeof path, FIXTURES "%s", file);
  size_t len;
  char *text = check_slurp(path, &len);
  if (!text) return;
  gw_meta m;
  CHECK_EQ_INT(gw_extract_meta(text, len, NULL, &m), GW_OK);
  printf("# %s\n", file);
  CHECK_EQ_STR(m.title, want->title);
  CHECK_EQ_STR(m.org, want->org);
  CHECK_EQ_STR(m.region, region);
  CHECK_EQ_INT(m.year, want->year);
  CHECK_EQ_STR(m.doc_number, want->doc_number);
  CHECK_EQ_STR(m.date, want->date);
  CHECK_EQ_STR(m.addressee, want->addressee);
  free(text);
}

static void test_meta(void) {
  /* doc number in [ ], title over two lines, addressee, signature with region and date */
  exp_meta brackets = {"关于白马镇2023年度法治政府建设工作情况的报告", "白马镇", 2023,
                       "渝司发〔2023〕12号", "2024-01-05", "区委依法治区办"};
  check_fixture_meta("meta_brackets.txt", &brackets, "武隆区");
  /* doc number in （ ）, a 总结, an ISO signature date, no addressee */
  exp_meta paren = {"白马镇2023年法治政府建设情况总结", "白马镇", 2023, "白马委发〔2024〕3号",
                    "2024-02-01", ""};
  check_fixture_meta("meta_paren.txt", &paren, "");
  /* nothing stated: every field empty, nothing guessed */
  exp_meta none = {"", "", 0, "", "", ""};
  check_fixture_meta("meta_none.txt", &none, "");
  /* the shared reports' regions, where stated */
  static const char *const regions[] = {"", "丰都县", "张店区", "丰都县", ""};
  for (size_t i = 0; i < 5; i++) {
    char path[256];
    snprintf(path, sizeof path, CORPUS "%s", reports[i].file);
    size_t len;
    char *text = check_slurp(path, &len);
    if (!text) continue;
    gw_meta m;
    gw_extract_meta(text, len, NULL, &m);
    CHECK_EQ_STR(m.region, regions[i]);
    free(text);
  }
}

/* ------------------------------------------------------------ parts */

static void one_part(const char *title, const char *want) {
  const char *parts[4];
  int n = gw_classify_part(title, strlen(title), parts);
  char got[128] = "";
  for (int i = 0; i < n; i++) {
    if (i) strcat(got, ",");
    strcat(got, parts[i]);
  }
  if (!CHECK_EQ_STR(got, want)) printf("# for %s\n", title);
}

static void test_parts(void) {
  one_part("存在的问题及2025年工作安排", "problems,plans");
  one_part("基本情况", "measures");
  one_part("2024年推进法治政府建设的主要举措和成效", "measures");
  one_part("依法全面履行政府职能", "measures");
  one_part("党政主要负责人履行推进法治建设第一责任人职责情况", "leadership");
  one_part("存在的不足和原因", "problems");
  one_part("下一年度工作计划", "plans");
  one_part("下一步工作打算", "plans");
  one_part("附件", "");
}

int main(void) {
  test_reports();
  test_quantity_forms();
  test_citations();
  test_dates();
  test_meta();
  test_parts();
  return check_summary();
}
