/* test_regex.c — the core's regex layer: flags, Unicode classes, captures,
 * iteration over empty matches, limits, compile errors, the shared corpus.
 * Expected numbers come from Python's re (see the comments), not from us. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "gongwen.h"

static gw_regex *compile(const char *pattern, uint32_t flags) {
  gw_regex_opts o = {flags, 0, 0, 0};
  gw_regex *re = NULL;
  gw_error err;
  if (gw_regex_compile(pattern, strlen(pattern), &o, &re, &err) != 0)
    printf("FAIL compiling %s: %s\n", pattern, err.message);
  return re;
}

/* Count of pattern over a NUL-terminated text, -1 on any error. */
static long long count(const char *pattern, uint32_t flags, const char *text) {
  gw_regex *re = compile(pattern, flags);
  if (!re) return -2;
  gw_error err;
  long long n = gw_regex_count(re, text, strlen(text), 0, &err);
  gw_regex_free(re);
  return n;
}

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void test_flags(void) {
  uint32_t flags;
  size_t bad = 99;
  CHECK_EQ_INT(gw_regex_parse_flags("imsxUa", &flags, &bad), 0);
  CHECK_EQ_INT(flags, GW_RX_CASELESS | GW_RX_MULTILINE | GW_RX_DOTALL | GW_RX_EXTENDED |
                          GW_RX_UNGREEDY | GW_RX_ASCII);
  CHECK_EQ_INT(gw_regex_parse_flags("", &flags, &bad), 0);
  CHECK_EQ_INT(flags, 0);
  CHECK_EQ_INT(gw_regex_parse_flags("iq", &flags, &bad), -1);
  CHECK_EQ_INT(bad, 1);
}

/* Python: len(re.findall(p, t)) and the same with re.ASCII / re.I. */
static void test_unicode(void) {
  CHECK_EQ_INT(count("\\d", 0, "１２3"), 3);
  CHECK_EQ_INT(count("\\d", GW_RX_ASCII, "１２3"), 1);
  CHECK_EQ_INT(count("\\w+", 0, "中文 abc"), 2);
  CHECK_EQ_INT(count("\\w+", GW_RX_ASCII, "中文 abc"), 1);
  CHECK_EQ_INT(count("école", GW_RX_CASELESS, "ÉCOLE école Ecole"), 2);
  CHECK_EQ_INT(count("école", 0, "ÉCOLE école Ecole"), 1);
  CHECK_EQ_INT(count("(?m)^", 0, "一\n二\n"), 3); /* Python counts the end after "\n" */
  CHECK_EQ_INT(count("^.", GW_RX_MULTILINE, "一\n二"), 2);
  CHECK_EQ_INT(count("a.b", 0, "a\nb"), 0);
  CHECK_EQ_INT(count("a.b", GW_RX_DOTALL, "a\nb"), 1);
  CHECK_EQ_INT(count("a b # comment", GW_RX_EXTENDED, "ab a b"), 1);
  CHECK_EQ_INT(count("件.+次", GW_RX_UNGREEDY, "件1次2次"), 1);
}

static void test_captures(void) {
  gw_regex *re = compile("(?<num>\\d+)(余)?(?<unit>件|次)", 0);
  if (!re) return;
  CHECK_EQ_INT(gw_regex_ncaptures(re), 3);
  CHECK_EQ_STR(gw_regex_group_name(re, 1), "num");
  CHECK(gw_regex_group_name(re, 2) == NULL);
  CHECK_EQ_STR(gw_regex_group_name(re, 3), "unit");
  CHECK(gw_regex_group_name(re, 4) == NULL);
  char engine[64];
  int jit, unicode;
  gw_regex_engine(engine, sizeof engine, &jit, &unicode);
  CHECK(strncmp(engine, "10.", 3) == 0);
  CHECK_EQ_INT(unicode, 1);
  CHECK_EQ_INT(gw_regex_jit(re), jit);

  const char *s = "调解12件";
  gw_match *m = gw_match_new(re);
  gw_error err;
  CHECK_EQ_INT(gw_regex_exec(re, m, s, strlen(s), 0, 1, &err), 1);
  const size_t *ov = gw_match_ovector(m);
  CHECK_EQ_INT(ov[0], 6);
  CHECK_EQ_INT(ov[1], 11);
  CHECK_EQ_INT(ov[2], 6);
  CHECK_EQ_INT(ov[3], 8);
  CHECK(ov[4] == GW_NOPOS && ov[5] == GW_NOPOS); /* (余)? did not take part */
  CHECK_EQ_INT(ov[6], 8);
  /* start past the match, and past the end */
  CHECK_EQ_INT(gw_regex_exec(re, m, s, strlen(s), 8, 1, &err), 0);
  CHECK_EQ_INT(gw_regex_exec(re, m, s, strlen(s), 12, 1, &err), 0);
  /* a start inside a character is refused, trusted or not */
  CHECK_EQ_INT(gw_regex_exec(re, m, s, strlen(s), 1, 1, &err), -1);
  CHECK_EQ_INT(err.code, GW_EARG);
  CHECK_EQ_INT(gw_regex_exec(re, m, s, strlen(s), 1, 0, &err), -1);
  CHECK_EQ_INT(err.code, GW_EARG);
  gw_match_free(m);
  gw_regex_free(re);
}

static void test_bad_subject(void) {
  gw_regex *re = compile("c", 0);
  if (!re) return;
  gw_match *m = gw_match_new(re);
  gw_error err;
  const char s[] = "ab\xff" "cd";
  CHECK_EQ_INT(gw_regex_exec(re, m, s, 5, 0, 0, &err), -1);
  CHECK_EQ_INT(err.code, GW_EUTF8);
  CHECK_EQ_INT(err.offset, 2);
  CHECK(strstr(err.message, "byte 3") != NULL);
  CHECK_EQ_INT(gw_regex_count(re, s, 5, 0, &err), -1);
  CHECK_EQ_INT(err.code, GW_EUTF8);
  gw_match_free(m);
  gw_regex_free(re);
}

static void test_iteration(void) {
  const char *zh = "中文字";
  CHECK_EQ_INT(gw_regex_next_start(zh, 9, 0, 0), 3);
  CHECK_EQ_INT(gw_regex_next_start(zh, 9, 3, 6), 6);
  CHECK_EQ_INT(gw_regex_next_start(zh, 9, 9, 9), 10);
  /* Python: len(re.findall('', '中文字')) == 4, re.findall('x*', 'abxd') has 5 */
  CHECK_EQ_INT(count("", 0, zh), 4);
  CHECK_EQ_INT(count("", 0, ""), 1);
  CHECK_EQ_INT(count("x*", 0, "abxd"), 5);
  CHECK_EQ_INT(count("(?=a)|a", 0, "aa"), 4); /* ['', 'a', '', 'a'] */

  gw_regex *re = compile("x*", 0);
  if (!re) return;
  gw_match *m = gw_match_new(re);
  gw_error err;
  const char *s = "中x文";
  size_t pos = 0, want[][2] = {{0, 0}, {3, 4}, {4, 4}, {7, 7}}, k = 0;
  while (gw_regex_next(re, m, s, strlen(s), &pos, 1, &err) == 1 && k < 4) {
    const size_t *ov = gw_match_ovector(m);
    CHECK_EQ_INT(ov[0], want[k][0]);
    CHECK_EQ_INT(ov[1], want[k][1]);
    k++;
  }
  CHECK_EQ_INT(k, 4);
  gw_match_free(m);
  gw_regex_free(re);
}

static void test_compile_errors(void) {
  gw_regex *re;
  gw_error err;
  const char *p = "中\\k<nope>文";
  CHECK_EQ_INT(gw_regex_compile(p, strlen(p), NULL, &re, &err), -1);
  CHECK(re == NULL);
  CHECK_EQ_INT(err.code, GW_EPATTERN);
  CHECK_EQ_INT(err.column, 5); /* PCRE2 says byte 6: after 中 (3 bytes) and \k< */
  CHECK(strstr(err.message, "non-existent subpattern at character 5") != NULL);
  p = "中文(";
  CHECK_EQ_INT(gw_regex_compile(p, strlen(p), NULL, &re, &err), -1);
  CHECK(strstr(err.message, "missing closing parenthesis at end of pattern") != NULL);
  p = "a\\Cb"; /* \C could end a match inside a character */
  CHECK_EQ_INT(gw_regex_compile(p, strlen(p), NULL, &re, &err), -1);
}

static void test_limits(void) {
  size_t n = 100000;
  char *s = malloc(n + 2);
  memset(s, 'a', n);
  s[n] = 'b';
  s[n + 1] = '\0';
  gw_error err;
  gw_regex *re = compile("(a+)+$", 0);
  double t0 = seconds();
  CHECK_EQ_INT(gw_regex_count(re, s, n + 1, 1, &err), -1);
  /* valgrind (its preload library in LD_PRELOAD) runs code some 50 times slower */
  const char *preload = getenv("LD_PRELOAD");
  CHECK(seconds() - t0 < (preload && strstr(preload, "vgpreload") ? 60 : 0.5));
  CHECK_EQ_INT(err.code, GW_ELIMIT);
  CHECK(strstr(err.message, "match limit exceeded") != NULL);
  gw_regex_free(re);

  /* per-pattern overrides: a tiny match limit, a tiny heap for the interpreter,
   * a JIT stack bounded by the heap limit (a final c so that PCRE2's
   * required-character check cannot skip the work) */
  s[n] = 'c';
  const char *twenty = "aaaaaaaaaaaaaaaaaaaab"; /* about 2^20 steps: under the default */
  CHECK_EQ_INT(count("(a+)+$", 0, twenty), 0);
  gw_regex_opts o = {0, 1000, 0, 0};
  CHECK_EQ_INT(gw_regex_compile("(a+)+$", 6, &o, &re, &err), 0);
  CHECK_EQ_INT(gw_regex_count(re, twenty, strlen(twenty), 1, &err), -1);
  CHECK(strstr(err.message, "match limit exceeded (match_limit = 1000)") != NULL);
  gw_regex_free(re);
  gw_regex_opts heap = {0, 0, 0, 1024};
  CHECK_EQ_INT(gw_regex_compile("(*NO_JIT)(a|b)*c", 16, &heap, &re, &err), 0);
  CHECK_EQ_INT(gw_regex_jit(re), 0);
  CHECK_EQ_INT(gw_regex_count(re, s, n + 1, 1, &err), -1);
  CHECK(strstr(err.message, "heap limit exceeded") != NULL);
  gw_regex_free(re);
  CHECK_EQ_INT(gw_regex_compile("(a|b)*c", 7, &heap, &re, &err), 0);
  CHECK_EQ_INT(gw_regex_count(re, s, n + 1, 1, &err), -1);
  CHECK(strstr(err.message, gw_regex_jit(re) ? "JIT stack limit exceeded"
                                              : "heap limit exceeded") != NULL);
  gw_regex_free(re);
  /* the default limits let a deep but honest match through */
  CHECK_EQ_INT(gw_regex_compile("(a|b)*c", 7, NULL, &re, &err), 0);
  CHECK_EQ_INT(gw_regex_count(re, s, n + 1, 1, &err), 1);
  gw_regex_free(re);
  free(s);
}

/* The ASCII twin: only for patterns whose Unicode parts are \d and \D, used
 * only on text without non-ASCII digits, and then with the same results. */
static void test_ascii_twin(void) {
  static const struct { const char *text; size_t at; } digits[] = {
    {"abc１", 3},                 /* U+FF11 full-width */
    {"中文，：；（）Ａ", 24},     /* full-width punctuation and letters are not digits */
    {"x٣", 1},                    /* U+0663 Arabic-Indic */
    {"चार ४", 10},                /* U+096A Devanagari after Devanagari letters */
    {"ü𝟎", 2},                    /* U+1D7CE mathematical bold zero */
    {"一二三四五六七八九十〇百千万亿两零", 51}, /* Chinese numerals are not Nd */
    {"0123456789 plain ASCII text", 27},
    {"一二三四五六七八九十１", 30}, /* found in the vector loop's tail */
    {"一二三四五六七八九十甲乙丙丁戊己庚辛壬癸１", 60},
    {"一二三四五六七八九十１一二三四五六七八九十", 30}, /* found 16 bytes at a time */
    {"一二三四五１，：；（）一二三四五六七八九十", 15},  /* last byte of a block */
    {"一二三四五，：；（）一二三四五六七八九十０", 60},
  };
  for (size_t i = 0; i < sizeof digits / sizeof *digits; i++)
    if (!CHECK_EQ_INT(gw_find_nonascii_digit(digits[i].text, strlen(digits[i].text)),
                      digits[i].at))
      printf("  (text %zu)\n", i);
  const char *bad = "\xef\xbc"; /* truncated: no digit, no overread (ASan) */
  CHECK_EQ_INT(gw_find_nonascii_digit(bad, 2), 2);

  static const struct { const char *pattern; uint32_t flags; int twin; } twins[] = {
    {"(\\d+(?:\\.\\d+)?)(余)?(件|次)", 0, 1},
    {"\\D+", GW_RX_CASELESS, 1},
    {"\\d+", GW_RX_ASCII, 0},
    {"\\w\\d", 0, 0},
    {"\\d\\b", 0, 0},
    {"[[:digit:]]", 0, 0},
    {"件", 0, 0},
  };
  for (size_t i = 0; i < sizeof twins / sizeof *twins; i++) {
    gw_regex *re = compile(twins[i].pattern, twins[i].flags);
    if (!re) continue;
    if (!CHECK_EQ_INT(gw_regex_has_ascii_twin(re), twins[i].twin))
      printf("  (pattern %s)\n", twins[i].pattern);
    gw_regex_free(re);
  }
}

/* Pieces of text for the random digit-scan test, each one whole character;
 * is_digit is Unicode Nd (Python: unicodedata.category(c) == "Nd"). */
static const struct { const char *bytes; int is_digit; } scan_pieces[] = {
  {"中", 0}, {"文", 0}, {"一", 0}, {"〇", 0}, {"。", 0}, {"、", 0}, {"“", 0},
  {"，", 0}, {"（", 0}, {"）", 0}, {"：", 0}, {"．", 0}, {"％", 0}, {"／", 0}, /* EF BC xx */
  {"Ａ", 0}, {"ｚ", 0}, {"｡", 0}, {"﹐", 0}, {"\xef\xbb\xbf", 0},             /* EF xx xx */
  {"ـ", 0}, {"ۀ", 0}, {"ߊ", 0}, {"अ", 0}, {"ก", 0}, {"가", 0}, {"😀", 0},     /* same leads */
  {"a", 0}, {"7", 0}, {" ", 0}, {"\n", 0},
  {"０", 1}, {"５", 1}, {"９", 1},                                              /* EF BC 90-99 */
  {"٣", 1}, {"۵", 1}, {"߀", 1}, {"४", 1}, {"๑", 1}, {"၁", 1}, {"꘠", 1}, {"𝟎", 1},
};
enum { SCAN_PIECES = sizeof scan_pieces / sizeof *scan_pieces, SCAN_FIRST_DIGIT = 30 };

static unsigned scan_random(uint64_t *state) { return (unsigned)(check_xorshift(state) >> 32); }

/* Appends piece k to text at *len. */
static void scan_put(char *text, size_t *len, unsigned k) {
  size_t l = strlen(scan_pieces[k].bytes);
  memcpy(text + *len, scan_pieces[k].bytes, l);
  *len += l;
}

/* gw_find_nonascii_digit against the answer the generator knows: the first
 * digit at every offset 0-199 (every place near 32- and 64-byte blocks, so
 * sequences straddle them), followed by any pieces; text without digits;
 * truncated tails; the buffer ending right after the text (ASan sees any
 * overread) at 32 different alignments. */
static void test_digit_scan_random(void) {
  static const char *const cut[] = {"\xef\xbc", "\xef", "\xd9", "\xe0\xa5"};
  uint64_t st = 0x9E3779B97F4A7C15u;
  char text[600];
  int failures = 0;
  for (int round = 0; round < 64; round++) {
    int with_digit = round % 4 != 3;
    for (size_t target = 0; target < 200; target++) {
      size_t len = 0;
      while (len < target) /* no digit before target; ASCII to land on it */
        scan_put(text, &len, target - len < 4 ? 26 : scan_random(&st) % SCAN_FIRST_DIGIT);
      if (with_digit)
        scan_put(text, &len, SCAN_FIRST_DIGIT + scan_random(&st) % (SCAN_PIECES - SCAN_FIRST_DIGIT));
      for (size_t stop = len + scan_random(&st) % 120; len < stop;) {
        int digit_ok = with_digit && scan_random(&st) % 4 == 0;
        scan_put(text, &len, scan_random(&st) % (digit_ok ? SCAN_PIECES : SCAN_FIRST_DIGIT));
      }
      if (round % 8 == 5) { /* a truncated digit or other lead at the end */
        const char *c = cut[scan_random(&st) % 4];
        memcpy(text + len, c, strlen(c));
        len += strlen(c);
      }
      size_t want = with_digit ? target : len, shift = (size_t)round % 32;
      char *buf = malloc(shift + len ? shift + len : 1);
      if (!buf) continue;
      memcpy(buf + shift, text, len);
      size_t got = gw_find_nonascii_digit(buf + shift, len);
      free(buf);
      if (got != want && failures++ < 5)
        printf("FAIL digit scan: round %d target %zu len %zu: got %zu want %zu\n", round, target,
               len, got, want);
    }
  }
  CHECK_EQ_INT(failures, 0);
}

/* Python: [len(re.findall(p, open(f, encoding="utf-8").read())) for p in ...] */
static void test_corpus(void) {
  static const char *const patterns[4] = {
    "(\\d+(?:\\.\\d+)?)(余)?(件|次|场|个|份|人次|学时|名|%)",
    "《[^》]{1,60}》",
    "(?m)^[一二三四五六七八九十]+、",
    "“[^”]+”",
  };
  static const struct { const char *file; long long want[4]; } reports[] = {
    {"000_e4f3eb5238560b4d.txt", {22, 13, 4, 31}},
    {"001_621cb3420cf20d40.txt", {2, 15, 8, 8}},
    {"002_6a3c11ae070e1455.txt", {12, 7, 4, 8}},
    {"003_3dec04221fb15ce6.txt", {14, 9, 4, 19}},
    {"004_7ce380657ba69b2b.txt", {6, 8, 1, 7}},
  };
  const char *shared = getenv("GONGWEN_SHARED") ? getenv("GONGWEN_SHARED") : "../shared";
  for (size_t r = 0; r < sizeof reports / sizeof *reports; r++) {
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/%s", shared, reports[r].file);
    size_t len;
    char *text = check_slurp(path, &len);
    if (!text) continue;
    for (int p = 0; p < 4; p++) {
      gw_regex *re = compile(patterns[p], 0);
      gw_error err;
      if (!re) continue;
      if (!CHECK_EQ_INT(gw_regex_count(re, text, len, 0, &err), reports[r].want[p]))
        printf("  (%s, pattern %d)\n", reports[r].file, p + 1);
      CHECK_EQ_INT(gw_regex_count(re, text, len, GW_SUBJECT_VALID, &err), reports[r].want[p]);
      CHECK_EQ_INT(gw_find_nonascii_digit(text, len), len);
      CHECK_EQ_INT(gw_regex_count(re, text, len, GW_SUBJECT_VALID | GW_SUBJECT_ASCII_DIGITS, &err),
                   reports[r].want[p]);
      gw_regex_free(re);
    }
    free(text);
  }
}

int main(void) {
  test_flags();
  test_unicode();
  test_captures();
  test_bad_subject();
  test_iteration();
  test_compile_errors();
  test_limits();
  test_ascii_twin();
  test_digit_scan_random();
  test_corpus();
  return check_summary();
}
