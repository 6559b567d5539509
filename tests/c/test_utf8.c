/* test_utf8.c — UTF-8 validation and counting: every boundary case of the
 * encoding, exact error offsets at every position and around the vector
 * block boundaries, and each vector kernel against the scalar one. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "gongwen.h"
#include "utf8_impl.h"

typedef size_t (*kernel)(const char *, size_t);
typedef size_t (*scanner)(const char *, size_t, size_t *, int *);

static const struct { const char *name; kernel validate, count; scanner scan; } kernels[] = {
  {"scalar", gw_utf8_validate_scalar, gw_utf8_count_scalar, gw_utf8_scan_scalar},
  {"sse4", gw_utf8_validate_sse4, gw_utf8_count_sse4, gw_utf8_scan_sse4},
  {"avx2", gw_utf8_validate_avx2, gw_utf8_count_avx2, gw_utf8_scan_avx2},
  {"dispatch", gw_utf8_validate, gw_utf8_count, gw_utf8_scan},
};
#define NKERNELS (sizeof kernels / sizeof kernels[0])

static int runnable(size_t k) {
  return k == NKERNELS - 1 || gw_utf8_cpu_has(kernels[k].name);
}

/* The expect_* helpers return how many kernels gave a wrong answer and print
 * the first few mismatches; callers CHECK that a whole group had none. */
static int printed;
static void mismatch(const char *kernel_name, const char *what, size_t len, size_t got, size_t want) {
  if (printed++ < 20)
    printf("  %s: case %s, len %zu: got %zu, want %zu\n", kernel_name, what, len, got, want);
}

/* Every runnable validator, and the scan's validity answer, on buf. */
static int expect_valid_at(const char *buf, size_t len, size_t want, const char *what) {
  int bad = 0;
  for (size_t k = 0; k < NKERNELS; k++) {
    if (!runnable(k)) continue;
    size_t got = kernels[k].validate(buf, len), nul;
    int cr;
    if (got != want) { bad++; mismatch(kernels[k].name, what, len, got, want); }
    got = kernels[k].scan(buf, len, &nul, &cr);
    if (got != want) { bad++; mismatch(kernels[k].name, what, len, got, want); }
  }
  return bad;
}

/* Every runnable scan: its three answers. */
static int expect_scan(const char *buf, size_t len, size_t valid, size_t nul, int cr, const char *what) {
  int bad = 0;
  for (size_t k = 0; k < NKERNELS; k++) {
    if (!runnable(k)) continue;
    size_t got_nul = 12345;
    int got_cr = 7;
    size_t got = kernels[k].scan(buf, len, &got_nul, &got_cr);
    if (got != valid) { bad++; mismatch(kernels[k].name, what, len, got, valid); }
    if (got_nul != nul) { bad++; mismatch(kernels[k].name, what, len, got_nul, nul); }
    if (got_cr != cr) { bad++; mismatch(kernels[k].name, what, len, (size_t)got_cr, (size_t)cr); }
  }
  return bad;
}

/* Random cases from a fixed seed (check_xorshift), so failures can be replayed. */
static uint64_t rng_state = 88172645463325252ull;
static unsigned rnd(unsigned n) { return (unsigned)(check_xorshift(&rng_state) % n); }

/* ------------------------------------------------------------ boundary cases */

typedef struct { const char *bytes; size_t len; size_t want; const char *what; } utf8_case;
#define CASE(lit, want, what) {lit, sizeof(lit) - 1, want, what}
#define VALID(lit, what) {lit, sizeof(lit) - 1, sizeof(lit) - 1, what}

static const utf8_case cases[] = {
  VALID("\x7F", "U+007F"),
  VALID("\xC2\x80", "U+0080"),
  VALID("\xDF\xBF", "U+07FF"),
  VALID("\xE0\xA0\x80", "U+0800"),
  VALID("\xE0\xBF\xBF", "U+0FFF"),
  VALID("\xE1\x80\x80", "U+1000"),
  VALID("\xEC\xBF\xBF", "U+CFFF"),
  VALID("\xED\x80\x80", "U+D000"),
  VALID("\xED\x9F\xBF", "U+D7FF"),
  VALID("\xEE\x80\x80", "U+E000"),
  VALID("\xEF\xBF\xBF", "U+FFFF"),
  VALID("\xF0\x90\x80\x80", "U+10000"),
  VALID("\xF0\xBF\xBF\xBF", "U+3FFFF"),
  VALID("\xF1\x80\x80\x80", "U+40000"),
  VALID("\xF3\xBF\xBF\xBF", "U+FFFFF"),
  VALID("\xF4\x80\x80\x80", "U+100000"),
  VALID("\xF4\x8F\xBF\xBF", "U+10FFFF"),
  VALID("\xE4\xB8\xAD\xE6\x96\x87", "中文"),
  CASE("\xC0\x80", 0, "overlong NUL C0 80"),
  CASE("\xC1\xBF", 0, "overlong C1 BF"),
  CASE("\xE0\x80\x80", 0, "overlong E0 80 80"),
  CASE("\xE0\x9F\xBF", 0, "overlong E0 9F BF"),
  CASE("\xF0\x80\x80\x80", 0, "overlong F0 80 80 80"),
  CASE("\xF0\x8F\xBF\xBF", 0, "overlong F0 8F BF BF"),
  CASE("\xED\xA0\x80", 0, "surrogate D800"),
  CASE("\xED\xBF\xBF", 0, "surrogate DFFF"),
  CASE("\xF4\x90\x80\x80", 0, "U+110000"),
  CASE("\xF4\xBF\xBF\xBF", 0, "U+13FFFF"),
  CASE("\xF5\x80\x80\x80", 0, "F5 lead"),
  CASE("\xF7\xBF\xBF\xBF", 0, "F7 lead"),
  CASE("\xF8\x88\x80\x80\x80", 0, "5-byte form"),
  CASE("\xFC\x84\x80\x80\x80\x80", 0, "6-byte form"),
  CASE("\xFE", 0, "FE"),
  CASE("\xFF", 0, "FF"),
  CASE("\x80", 0, "lone continuation 80"),
  CASE("\xBF", 0, "lone continuation BF"),
  CASE("a\x80", 1, "continuation after ASCII"),
  CASE("\xC2\x80\x80", 2, "continuation after 2-byte char"),
  CASE("\xE4\xB8\xAD\x80", 3, "continuation after 3-byte char"),
  CASE("\xF0\x9F\x98\x80\x80", 4, "continuation after 4-byte char"),
  CASE("\xC2", 0, "truncated 2-byte"),
  CASE("\xE4\xB8", 0, "truncated 3-byte (2 of 3)"),
  CASE("\xE4", 0, "truncated 3-byte (1 of 3)"),
  CASE("\xF0\x9F\x98", 0, "truncated 4-byte (3 of 4)"),
  CASE("\xF0\x9F", 0, "truncated 4-byte (2 of 4)"),
  CASE("ab\xE4\xB8", 2, "truncated after ASCII"),
  CASE("\xE4" "a", 0, "3-byte lead then ASCII"),
  CASE("\xE4\xB8" "a", 0, "3-byte lead, 1 continuation, ASCII"),
  CASE("\xF0\x9F\x98" "a", 0, "4-byte lead, 2 continuations, ASCII"),
  CASE("\xC2\xE4\xB8\xAD", 0, "2-byte lead then a lead"),
  CASE("\xE4\xB8\xE4\xB8\xAD", 0, "cut 3-byte char then a whole one"),
};
#define NCASES (sizeof cases / sizeof cases[0])

static void test_cases_alone(void) {
  for (size_t c = 0; c < NCASES; c++)
    CHECK_EQ_INT(expect_valid_at(cases[c].bytes, cases[c].len, cases[c].want, cases[c].what), 0);
  CHECK_EQ_INT(expect_valid_at("", 0, 0, "empty"), 0);
  CHECK_EQ_INT(expect_valid_at(NULL, 0, 0, "NULL, 0"), 0);
}

/* Writes `n` bytes of valid text (CJK characters, then ASCII to fill) into
 * buf; the byte after is always a character boundary. */
static void fill_valid(char *buf, size_t n) {
  static const char han[] = "\xE6\xB3\x95"; /* 法 */
  size_t i = 0;
  for (; i + 3 <= n; i += 3) memcpy(buf + i, han, 3);
  for (; i < n; i++) buf[i] = 'x';
}

/* Each case placed at every offset 0..140 after valid text (so it straddles
 * the 16-, 32- and 64-byte block boundaries), followed by more valid text
 * or by nothing (the truncated cases must fail at the end of input too). */
static void test_cases_at_every_offset(void) {
  char buf[512];
  for (size_t c = 0; c < NCASES; c++) {
    int bad = 0;
    for (size_t at = 0; at <= 140; at++)
      for (int suffix = 0; suffix <= 1; suffix++) {
        size_t len = at;
        fill_valid(buf, at);
        memcpy(buf + len, cases[c].bytes, cases[c].len);
        len += cases[c].len;
        if (suffix) { fill_valid(buf + len, 100); len += 100; }
        int valid = cases[c].want == cases[c].len;
        bad += expect_valid_at(buf, len, valid ? len : at + cases[c].want, cases[c].what);
      }
    CHECK_EQ_INT(bad, 0);
  }
}

/* ------------------------------------------------------------ injected errors */

/* Random valid text mostly of CJK characters; records where characters start. */
static size_t random_text(char *buf, size_t n, unsigned char *is_start) {
  static const char *const chars[] = {
    "\xE6\xB3\x95", "\xE6\xB2\xBB", "\xE6\x94\xBF", "\xE5\xBA\x9C", "\xEF\xBC\x8C", "\xE3\x80\x82",
    "\xEF\xBC\x88", "\xE4\xB8\x80", "1", "\n", "\xC2\xB7", "\xF0\xA0\x80\x80",
  };
  size_t len = 0;
  memset(is_start, 0, n + 1);
  for (;;) {
    unsigned r = rnd(100);
    const char *ch = chars[r < 80 ? r % 8 : 8 + r % 4];
    size_t w = strlen(ch);
    if (len + w > n) break;
    is_start[len] = 1;
    memcpy(buf + len, ch, w);
    len += w;
  }
  is_start[len] = 1;
  return len;
}

static size_t char_start_before(const unsigned char *is_start, size_t p) {
  while (!is_start[p]) p--;
  return p;
}

static void test_injected_errors(void) {
  enum { N = 4200 };
  static const size_t boundaries[] = {31, 32, 33, 47, 48, 49, 63, 64, 65, 95, 96, 97, 127, 128,
                                      129, 191, 192, 193, 255, 256, 257, 1023, 1024, 1025,
                                      4095, 4096, 4097};
  char *text = malloc(N), *buf = malloc(N + 8);
  unsigned char *is_start = malloc(N + 1);
  size_t positions[200 + sizeof boundaries / sizeof boundaries[0]], np = 0;
  for (size_t p = 0; p < 200; p++) positions[np++] = p;
  for (size_t b = 0; b < sizeof boundaries / sizeof boundaries[0]; b++) positions[np++] = boundaries[b];
  for (int round = 0; round < 3; round++) {
    size_t len = random_text(text, N, is_start);
    int bad_ff = 0, bad_lead = 0, bad_surrogate = 0, bad_cut = 0;
    CHECK_EQ_INT(expect_valid_at(text, len, len, "random text"), 0);
    for (size_t k = 0; k < np; k++) {
      size_t p = positions[k];
      if (p >= len) continue;
      size_t start = char_start_before(is_start, p);
      /* FF never occurs in UTF-8: the character it lands in is bad. */
      memcpy(buf, text, len);
      buf[p] = (char)0xFF;
      bad_ff += expect_valid_at(buf, len, start, "FF injected");
      /* A lead byte turned into a continuation is bad where it stands... */
      buf[p] = text[p];
      buf[start] = (char)0x80;
      bad_lead += expect_valid_at(buf, len, start, "lead replaced by 80");
      buf[start] = text[start];
      /* ...a surrogate inserted between characters too... */
      memcpy(buf + start, "\xED\xA0\x80", 3);
      memcpy(buf + start + 3, text + start, len - start);
      bad_surrogate += expect_valid_at(buf, len + 3, start, "surrogate inserted");
      /* ...and text cut inside a character fails at that character's lead. */
      bad_cut += expect_valid_at(text, p, start, "cut");
    }
    CHECK_EQ_INT(bad_ff, 0);
    CHECK_EQ_INT(bad_lead, 0);
    CHECK_EQ_INT(bad_surrogate, 0);
    CHECK_EQ_INT(bad_cut, 0);
  }
  free(text); free(buf); free(is_start);
}

/* ------------------------------------------------------------ the loader's scan */

/* Valid text of n bytes with the given bytes placed at the given offsets
 * (ascending), each surrounded by whole characters. */
static void text_with(char *buf, size_t n, const size_t *at, const char *bytes, size_t k) {
  size_t from = 0;
  for (size_t i = 0; i < k; i++) {
    fill_valid(buf + from, at[i] - from);
    buf[at[i]] = bytes[i];
    from = at[i] + 1;
  }
  fill_valid(buf + from, n - from);
}

/* NUL and CR bytes at every offset up to 200 and around block boundaries,
 * alone, together, and before or after a bad byte (only the valid prefix counts). */
static void test_scan(void) {
  enum { N = 1200 };
  char buf[N];
  static const size_t far[] = {255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 1100};
  CHECK_EQ_INT(expect_scan("", 0, 0, 0, 0, "empty"), 0);
  size_t nul_only;
  int cr_only;
  CHECK_EQ_INT(gw_utf8_scan("a\0b", 3, &nul_only, NULL), 3);
  CHECK_EQ_INT(nul_only, 1);
  CHECK_EQ_INT(gw_utf8_scan("a\rb", 3, NULL, &cr_only), 3);
  CHECK_EQ_INT(cr_only, 1);
  CHECK_EQ_INT(gw_utf8_scan("a\xFF\r", 3, NULL, NULL), 1);
  fill_valid(buf, N);
  CHECK_EQ_INT(expect_scan(buf, N, N, N, 0, "clean text"), 0);
  int bad_nul = 0, bad_cr = 0, bad_pairs = 0;
  for (size_t k = 0; k < 200 + sizeof far / sizeof far[0]; k++) {
    size_t p = k < 200 ? k : far[k - 200];
    text_with(buf, N, (size_t[]){p}, "\0", 1);
    bad_nul += expect_scan(buf, N, N, p, 0, "NUL");
    text_with(buf, N, (size_t[]){p}, "\r", 1);
    bad_cr += expect_scan(buf, N, N, N, 1, "CR");
    bad_cr += expect_scan(buf, p, p, p, 0, "CR just past the end");
    if (p + 40 < N) {
      text_with(buf, N, (size_t[]){p, p + 40}, "\0\0", 2);
      bad_pairs += expect_scan(buf, N, N, p, 0, "two NULs");
      text_with(buf, N, (size_t[]){p, p + 40}, "\0\r", 2);
      bad_pairs += expect_scan(buf, N, N, p, 1, "NUL then CR");
      text_with(buf, N, (size_t[]){p, p + 40}, "\0\x80", 2);
      bad_pairs += expect_scan(buf, N, p + 40, p, 0, "NUL, then bad byte");
      text_with(buf, N, (size_t[]){p, p + 40}, "\xFF\r", 2);
      bad_pairs += expect_scan(buf, N, p, p, 0, "bad byte, then CR");
      text_with(buf, N, (size_t[]){p, p + 40}, "\xFF\0", 2);
      bad_pairs += expect_scan(buf, N, p, p, 0, "bad byte, then NUL");
    }
  }
  CHECK_EQ_INT(bad_nul, 0);
  CHECK_EQ_INT(bad_cr, 0);
  CHECK_EQ_INT(bad_pairs, 0);
}

/* ------------------------------------------------------------ kernels agree */

static void test_kernels_agree_on_random_bytes(void) {
  static const char *const pieces[] = {
    "a", "\n", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEF\xBF\xBF",
    "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xE6\xB3\x95", "\xE6\xB2\xBB", "\xEF\xBC\x8C",
  };
  char buf[700];
  int disagreements = 0;
  for (int it = 0; it < 30000; it++) {
    size_t want_len = rnd(600), len = 0;
    while (len < want_len) {
      const char *p = pieces[rnd(sizeof pieces / sizeof pieces[0])];
      memcpy(buf + len, p, strlen(p));
      len += strlen(p);
    }
    for (unsigned e = rnd(4); e > 0 && len > 0; e--) buf[rnd((unsigned)len)] = (char)(0x80 + rnd(128));
    if (len > 0 && rnd(3) == 0) buf[rnd((unsigned)len)] = rnd(2) ? '\r' : '\0';
    size_t want = gw_utf8_validate_scalar(buf, len);
    size_t want_count = gw_utf8_count_scalar(buf, len), want_nul, nul;
    int want_cr, cr;
    gw_utf8_scan_scalar(buf, len, &want_nul, &want_cr);
    for (size_t k = 1; k < NKERNELS; k++) {
      if (!runnable(k)) continue;
      if (kernels[k].validate(buf, len) != want || kernels[k].count(buf, len) != want_count ||
          kernels[k].scan(buf, len, &nul, &cr) != want || nul != want_nul || cr != want_cr) {
        if (disagreements++ < 5) printf("  %s disagrees with scalar at iteration %d\n", kernels[k].name, it);
      }
    }
  }
  CHECK_EQ_INT(disagreements, 0);
}

/* ------------------------------------------------------------ counting */

static int expect_count(const char *buf, size_t len, size_t want, const char *what) {
  int bad = 0;
  for (size_t k = 0; k < NKERNELS; k++) {
    if (!runnable(k)) continue;
    size_t got = kernels[k].count(buf, len);
    if (got != want) { bad++; mismatch(kernels[k].name, what, len, got, want); }
  }
  return bad;
}

static void test_count(void) {
  CHECK_EQ_INT(expect_count("", 0, 0, "empty"), 0);
  CHECK_EQ_INT(expect_count("\xE4\xB8\xAD\xE6\x96\x87" "abc", 9, 5, "中文abc"), 0);
  CHECK_EQ_INT(expect_count("\xF0\x9F\x98\x80\xC2\xB7" "x\n", 8, 4, "4-, 2-, 1-byte"), 0);
  /* Long texts (past the 255-step flush of the vector counters). */
  enum { N = 100000 };
  char *text = malloc(N);
  unsigned char *is_start = malloc(N + 1);
  for (int round = 0; round < 3; round++) {
    size_t len = random_text(text, N - round * 7, is_start), chars = 0;
    for (size_t i = 0; i < len; i++) chars += is_start[i];
    CHECK_EQ_INT(expect_count(text, len, chars, "random text"), 0);
    int bad = 0;
    for (size_t cut = len - 70; cut < len; cut++) {
      size_t c = 0;
      for (size_t i = 0; i < cut; i++) c += is_start[i];
      /* A cut character's bytes still count once, by its lead. */
      bad += expect_count(text, cut, c, "random text, cut");
    }
    CHECK_EQ_INT(bad, 0);
  }
  /* All ASCII: every byte counts, so the per-lane counters fill fastest. */
  memset(text, 'x', N);
  CHECK_EQ_INT(expect_count(text, N, N, "100000 ASCII bytes"), 0);
  free(text); free(is_start);
}

static void test_impl_name(void) {
  const char *impl = gw_utf8_impl();
  CHECK(strcmp(impl, "avx2") == 0 || strcmp(impl, "sse4") == 0 || strcmp(impl, "scalar") == 0);
  CHECK(gw_utf8_cpu_has(impl));
  if (gw_utf8_cpu_has("avx2")) CHECK_EQ_STR(impl, "avx2");
  printf("impl: %s\n", impl);
}

int main(void) {
  test_impl_name();
  test_cases_alone();
  test_cases_at_every_offset();
  test_injected_errors();
  test_scan();
  test_kernels_agree_on_random_bytes();
  test_count();
  return check_summary();
}
