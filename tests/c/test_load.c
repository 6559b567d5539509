/* test_load.c — the loader: the seed reports, normalisation, gzip, GB18030,
 * and each kind of bad input with its code, position and message.
 * Expected numbers were computed with Python (see tests/fixtures/load/make.sh). */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "gongwen.h"

#define FIX "tests/fixtures/load/"

static gw_doc *load(const char *path, const gw_load_opts *opts) {
  gw_doc *doc = NULL;
  gw_error err;
  if (gw_doc_open(path, opts, &doc, &err) != 0) printf("  (%s)\n", err.message);
  CHECK(doc != NULL);
  return doc;
}

/* Text of path equals text of the reference plain.txt. */
static void check_same_text(const char *path, const gw_load_opts *opts, const char *encoding) {
  gw_doc *ref = load(FIX "plain.txt", NULL), *doc = load(path, opts);
  if (!ref || !doc) { gw_doc_free(ref); gw_doc_free(doc); return; }
  size_t rlen, len;
  const char *rt = gw_doc_text(ref, &rlen), *t = gw_doc_text(doc, &len);
  if (!CHECK_EQ_INT(len, rlen)) printf("  for %s\n", path);
  CHECK(len == rlen && memcmp(t, rt, len) == 0);
  CHECK_EQ_INT(t[len], 0);
  CHECK_EQ_INT(gw_doc_chars(doc), 96);
  CHECK_EQ_STR(gw_doc_encoding(doc), encoding);
  gw_doc_free(ref);
  gw_doc_free(doc);
}

static void check_error(const char *path, const gw_load_opts *opts, gw_code code, size_t offset,
                        size_t line, size_t column, const char *message) {
  gw_doc *doc = (gw_doc *)1;
  gw_error err;
  int rc = gw_doc_open(path, opts, &doc, &err);
  if (!CHECK_EQ_INT(rc, code)) printf("  for %s\n", path);
  CHECK(doc == NULL);
  if (rc == 0) { gw_doc_free(doc); return; }
  CHECK_EQ_INT(err.code, code);
  CHECK_EQ_STR(gw_code_name(err.code), gw_code_name(code));
  CHECK_EQ_INT(err.offset, offset);
  CHECK_EQ_INT(err.line, line);
  CHECK_EQ_INT(err.column, column);
  if (message) CHECK_EQ_STR(err.message, message);
  else CHECK(strstr(err.message, ": corrupt gzip data (") != NULL); /* zlib says why */
}

static void test_seed_reports(void) {
  static const struct { const char *name; size_t chars, bytes; } seeds[] = {
    {"000_e4f3eb5238560b4d.txt", 4445, 12957}, {"001_621cb3420cf20d40.txt", 4028, 11662},
    {"002_6a3c11ae070e1455.txt", 3255, 9033},  {"003_3dec04221fb15ce6.txt", 3128, 9078},
    {"004_7ce380657ba69b2b.txt", 2265, 6618}};
  for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
    char path[256];
    snprintf(path, sizeof path, "../shared/corpus/%s", seeds[i].name);
    gw_doc *doc = load(path, NULL);
    if (!doc) continue;
    CHECK_EQ_INT(gw_doc_chars(doc), seeds[i].chars);
    CHECK_EQ_INT(gw_doc_input_bytes(doc), seeds[i].bytes);
    CHECK_EQ_STR(gw_doc_name(doc), path);
    CHECK_EQ_STR(gw_doc_path(doc), path);
    CHECK_EQ_STR(gw_doc_encoding(doc), "utf-8");
    CHECK_EQ_INT(gw_doc_replaced(doc), 0);
    gw_doc_free(doc);
  }
}

static void test_normalisation_and_encodings(void) {
  gw_load_opts gb = {.encoding = GW_ENC_GB18030}, autodetect = {.encoding = GW_ENC_AUTO};
  check_same_text(FIX "bom_crlf.txt", NULL, "utf-8");
  check_same_text(FIX "cr.txt", NULL, "utf-8");
  check_same_text(FIX "plain.txt.gz", NULL, "utf-8");
  check_same_text(FIX "multi.txt.gz", NULL, "utf-8");
  check_same_text(FIX "gb18030.txt", &gb, "gb18030");
  check_same_text(FIX "gb18030.txt", &autodetect, "gb18030");
  check_same_text(FIX "plain.txt", &autodetect, "utf-8");
  gw_doc *doc = load(FIX "bom_crlf.txt", NULL);
  if (doc) {
    CHECK_EQ_INT(gw_doc_input_bytes(doc), 223); /* the original length is kept */
    gw_doc_free(doc);
  }
  doc = load(FIX "plain.txt.gz", NULL);
  if (doc) {
    CHECK_EQ_INT(gw_doc_input_bytes(doc), 214); /* inflated length */
    gw_doc_free(doc);
  }
}

static void test_bad_utf8(void) {
  check_error(FIX "bad_byte.txt", NULL, GW_EUTF8, 28, 3, 5,
              FIX "bad_byte.txt:3:5 (byte 29): invalid UTF-8 byte 0xFF (byte never used in UTF-8)");
  check_error(FIX "bad_crlf.txt", NULL, GW_EUTF8, 32, 3, 5,
              FIX "bad_crlf.txt:3:5 (byte 33): invalid UTF-8 byte 0xFF (byte never used in UTF-8)");
  check_error(FIX "overlong.txt", NULL, GW_EUTF8, 6, 2, 2,
              FIX "overlong.txt:2:2 (byte 7): invalid UTF-8 byte 0xE0 (overlong encoding)");
  check_error(FIX "surrogate.txt", NULL, GW_EUTF8, 11, 3, 2,
              FIX "surrogate.txt:3:2 (byte 12): invalid UTF-8 byte 0xED (surrogate (U+D800..U+DFFF))");
  check_error(FIX "above_max.txt", NULL, GW_EUTF8, 2, 2, 1,
              FIX "above_max.txt:2:1 (byte 3): invalid UTF-8 byte 0xF4 (code point above U+10FFFF)");
  check_error(FIX "truncated_end.txt", NULL, GW_EUTF8, 13, 2, 3,
              FIX "truncated_end.txt:2:3 (byte 14): invalid UTF-8 byte 0xE6 (truncated sequence at end of input)");
  /* GB18030 read as UTF-8, and "auto" falling back to the UTF-8 error. */
  check_error(FIX "gb18030.txt", NULL, GW_EUTF8, 0, 1, 1,
              FIX "gb18030.txt:1:1 (byte 1): invalid UTF-8 byte 0xB9 (unexpected continuation byte)");
  gw_load_opts autodetect = {.encoding = GW_ENC_AUTO};
  check_error(FIX "bad_byte.txt", &autodetect, GW_EUTF8, 28, 3, 5,
              FIX "bad_byte.txt:3:5 (byte 29): invalid UTF-8 byte 0xFF (byte never used in UTF-8)");
}

static void test_other_errors(void) {
  gw_load_opts gb = {.encoding = GW_ENC_GB18030}, small = {.max_bytes = 1000000};
  gw_load_opts tiny = {.max_bytes = 100};
  check_error(FIX "gb_bad.txt", &gb, GW_EDECODE, 11, 2, 3,
              FIX "gb_bad.txt:2:3 (byte 12): invalid GB18030 byte 0xFF");
  check_error(FIX "nul.txt", NULL, GW_ENUL, 16, 2, 3,
              FIX "nul.txt:2:3 (byte 17): NUL byte (binary data?)");
  check_error(FIX "empty.txt", NULL, GW_EEMPTY, GW_NOPOS, 0, 0, FIX "empty.txt: empty file");
  check_error("tests/fixtures/load", NULL, GW_EISDIR, GW_NOPOS, 0, 0,
              "tests/fixtures/load: is a directory");
  check_error(FIX "missing.txt", NULL, GW_ENOENT, GW_NOPOS, 0, 0,
              FIX "missing.txt: No such file or directory");
  check_error(FIX "truncated.txt.gz", NULL, GW_ETRUNCATED, GW_NOPOS, 0, 0,
              FIX "truncated.txt.gz: truncated gzip data (input ends after 116 bytes)");
  check_error(FIX "corrupt.txt.gz", NULL, GW_EGZIP, GW_NOPOS, 0, 0, NULL);
  check_error(FIX "bomb.txt.gz", &small, GW_ETOOLARGE, GW_NOPOS, 0, 0,
              FIX "bomb.txt.gz: gzip data inflates to more than max_bytes (1000000 bytes)");
  check_error(FIX "plain.txt", &tiny, GW_ETOOLARGE, GW_NOPOS, 0, 0,
              FIX "plain.txt: file is 214 bytes, more than max_bytes (100)");
  /* A FIFO nobody writes to reads as empty instead of hanging. */
  char fifo[64];
  snprintf(fifo, sizeof fifo, "/tmp/gw-fifo-%d", (int)getpid());
  if (CHECK(mkfifo(fifo, 0600) == 0)) {
    char msg[128];
    snprintf(msg, sizeof msg, "%s: empty file", fifo);
    check_error(fifo, NULL, GW_EEMPTY, GW_NOPOS, 0, 0, msg);
    unlink(fifo);
  }
  gw_load_opts named = {.name = "report"};
  check_error(FIX "nul.txt", &named, GW_ENUL, 16, 2, 3, "report:2:3 (byte 17): NUL byte (binary data?)");
  /* Under the default limit the bomb is only a big file. */
  gw_doc *doc = load(FIX "bomb.txt.gz", NULL);
  if (doc) {
    CHECK_EQ_INT(gw_doc_chars(doc), 3000000);
    CHECK_EQ_INT(gw_doc_line_count(doc), 1);
    gw_doc_free(doc);
  }
}

static void test_replace(void) {
  gw_load_opts opts = {.replace_invalid = 1};
  gw_doc *doc = load(FIX "replace.txt", &opts);
  if (!doc) return;
  static const char want[] = "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c"
    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
    "e\xEF\xBF\xBD" "f\xEF\xBF\xBD";
  size_t len;
  const char *t = gw_doc_text(doc, &len);
  CHECK_EQ_INT(gw_doc_replaced(doc), 12);
  CHECK_EQ_INT(gw_doc_chars(doc), 18);
  CHECK(len == sizeof want - 1 && memcmp(t, want, len) == 0);
  CHECK_EQ_INT(gw_doc_input_bytes(doc), 20);
  gw_doc_free(doc);
  /* GB18030 with one bad byte replaced. */
  gw_load_opts gb = {.encoding = GW_ENC_GB18030, .replace_invalid = 1};
  doc = load(FIX "gb_bad.txt", &gb);
  if (!doc) return;
  t = gw_doc_text(doc, &len);
  CHECK_EQ_INT(gw_doc_replaced(doc), 1);
  CHECK_EQ_STR(t, "第一行\n第二\xEF\xBF\xBD\n");
  gw_doc_free(doc);
}

static void test_gb18030_tail(void) {
  gw_load_opts gb = {.encoding = GW_ENC_GB18030}, gbr = {.encoding = GW_ENC_GB18030, .replace_invalid = 1};
  gw_doc *doc = NULL;
  gw_error err;
  /* "第" is B5 DA in GB18030; a lone B5 at the end is cut short. */
  CHECK_EQ_INT(gw_doc_from_memory("\xB5\xDA\xB5", 3, &gb, &doc, &err), GW_EDECODE);
  CHECK_EQ_INT(err.offset, 2);
  CHECK_EQ_STR(err.message, "<string>:1:2 (byte 3): truncated GB18030 sequence at end of input");
  CHECK_EQ_INT(gw_doc_from_memory("\xB5\xDA\xB5", 3, &gbr, &doc, &err), 0);
  if (doc) {
    CHECK_EQ_STR(gw_doc_text(doc, NULL), "第\xEF\xBF\xBD");
    CHECK_EQ_INT(gw_doc_replaced(doc), 1);
    gw_doc_free(doc);
  }
}

static void test_memory(void) {
  static const char data[] = "\xEF\xBB\xBF一\r\n二\r三\n";
  gw_doc *doc = NULL;
  gw_error err;
  CHECK_EQ_INT(gw_doc_from_memory(data, sizeof data - 1, NULL, &doc, &err), 0);
  if (doc) {
    CHECK_EQ_STR(gw_doc_text(doc, NULL), "一\n二\n三\n");
    CHECK_EQ_STR(gw_doc_name(doc), "<string>");
    CHECK(gw_doc_path(doc) == NULL);
    CHECK_EQ_INT(gw_doc_input_bytes(doc), sizeof data - 1);
    CHECK_EQ_INT(gw_doc_line_count(doc), 3);
    gw_doc_free(doc);
  }
  /* Embedded NUL: the length is what counts, not strlen. */
  CHECK_EQ_INT(gw_doc_from_memory("ab\0c", 4, NULL, &doc, &err), GW_ENUL);
  CHECK_EQ_INT(err.offset, 2);
  CHECK_EQ_STR(err.message, "<string>:1:3 (byte 3): NUL byte (binary data?)");
  CHECK_EQ_INT(gw_doc_from_memory("", 0, NULL, &doc, &err), GW_EEMPTY);
  CHECK_EQ_STR(err.message, "<string>: empty input");
  CHECK_EQ_INT(gw_doc_from_memory("\xEF\xBB\xBF", 3, NULL, &doc, &err), GW_EEMPTY);
  /* gzip in memory, detected by its magic bytes. */
  FILE *f = fopen(FIX "plain.txt.gz", "rb");
  char gz[512];
  size_t n = f ? fread(gz, 1, sizeof gz, f) : 0;
  if (f) fclose(f);
  CHECK_EQ_INT(n, 232);
  gw_load_opts named = {.name = "mem.gz"};
  CHECK_EQ_INT(gw_doc_from_memory(gz, n, &named, &doc, &err), 0);
  if (doc) {
    CHECK_EQ_INT(gw_doc_chars(doc), 96);
    CHECK_EQ_STR(gw_doc_name(doc), "mem.gz");
    gw_doc_free(doc);
  }
}

static void test_stdin(void) {
  int saved = dup(0), fd = open(FIX "bom_crlf.txt", O_RDONLY);
  if (!CHECK(saved >= 0 && fd >= 0)) return;
  dup2(fd, 0);
  close(fd);
  gw_doc *doc = load("-", NULL);
  dup2(saved, 0);
  close(saved);
  if (!doc) return;
  CHECK_EQ_STR(gw_doc_name(doc), "<stdin>");
  CHECK_EQ_STR(gw_doc_path(doc), "-");
  CHECK_EQ_INT(gw_doc_chars(doc), 96);
  CHECK_EQ_INT(gw_doc_input_bytes(doc), 223);
  gw_doc_free(doc);
}

static void test_positions(void) {
  gw_doc *doc = load(FIX "plain.txt", NULL);
  if (!doc) return;
  size_t line, column, len;
  const char *t = gw_doc_text(doc, &len);
  CHECK_EQ_INT(gw_doc_line_count(doc), 6);
  /* Line 2 starts after "关于2024年法治政府建设情况的报告\n": 14 CJK + 4 digits + LF. */
  CHECK_EQ_INT(gw_doc_line_start(doc, 1), 0);
  CHECK_EQ_INT(gw_doc_line_start(doc, 2), 47);
  CHECK_EQ_INT(gw_doc_line_start(doc, 4), (size_t)(strstr(t, "\n\n") - t) + 1);
  CHECK_EQ_INT(gw_doc_line_start(doc, 99), len);
  gw_doc_position(doc, 0, &line, &column);
  CHECK(line == 1 && column == 1);
  gw_doc_position(doc, 7, &line, &column); /* after "关于2" */
  CHECK(line == 1 && column == 4);
  gw_doc_position(doc, 47, &line, &column);
  CHECK(line == 2 && column == 1);
  gw_doc_position(doc, 50, &line, &column);
  CHECK(line == 2 && column == 2);
  gw_doc_position(doc, len, &line, &column); /* the end, after the last LF */
  CHECK(line == 7 && column == 1);
  gw_text_position("ab\n汉字x", 10, 9, &line, &column);
  CHECK(line == 2 && column == 3);
  gw_text_position("ab\n汉字x", 10, 3, &line, &column);
  CHECK(line == 2 && column == 1);
  CHECK_EQ_STR(gw_code_name(GW_EUTF8), "invalid_utf8");
  CHECK_EQ_STR(gw_code_name(GW_ENOENT), "not_found");
  gw_doc_free(doc);
  gw_doc_free(NULL);
}

/* Writes n bytes of data to a new temporary file; returns its path (static). */
static const char *temp_file(const char *data, size_t n) {
  static char path[64];
  snprintf(path, sizeof path, "/tmp/gw-load-XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0 || write(fd, data, n) != (ssize_t)n) perror(path);
  if (fd >= 0) close(fd);
  return path;
}

/* Files above 1 MiB are mapped, not read; blocks of 64 KiB are validated
 * one by one.  Lines are "汉字abc\n" (10 bytes), so characters straddle the
 * block boundaries. */
static void test_large(void) {
  enum { LINES = 300000, SIZE = LINES * 10 };
  char *data = malloc(SIZE + SIZE / 10 + 16), *want = malloc(SIZE + 1);
  if (!data || !want) return;
  for (size_t i = 0; i < LINES; i++) memcpy(want + 10 * i, "汉字abc\n", 10);
  want[SIZE] = 0;
  memcpy(data, want, SIZE);
  const char *path = temp_file(data, SIZE);
  gw_doc *doc = load(path, NULL);
  size_t len;
  if (doc) {
    CHECK(memcmp(gw_doc_text(doc, &len), want, SIZE) == 0 && len == SIZE);
    CHECK_EQ_INT(gw_doc_chars(doc), 6 * LINES);
    CHECK_EQ_INT(gw_doc_line_count(doc), LINES);
    gw_doc_free(doc);
  }
  unlink(path);
  /* A bad byte on line 10001 after "汉", past the first blocks. */
  data[100003] = (char)0xFF;
  path = temp_file(data, SIZE);
  char msg[256];
  snprintf(msg, sizeof msg, "%s:10001:2 (byte 100004): invalid UTF-8 byte 0xFF (byte never used in UTF-8)", path);
  check_error(path, NULL, GW_EUTF8, 100003, 10001, 2, msg);
  unlink(path);
  /* NUL in a later block. */
  data[100003] = 0;
  path = temp_file(data, SIZE);
  snprintf(msg, sizeof msg, "%s:10001:2 (byte 100004): NUL byte (binary data?)", path);
  check_error(path, NULL, GW_ENUL, 100003, 10001, 2, msg);
  unlink(path);
  /* BOM, and CRLF only from line 20000 on: the mapping is normalised in place. */
  memcpy(data, "\xEF\xBB\xBF", 3);
  memcpy(data + 3, want, SIZE);
  size_t n = 3 + 10 * 19999;
  for (size_t i = 19999; i < LINES - 1; i++) {
    memcpy(data + n, "汉字abc\r\n", 11);
    n += 11;
  }
  memcpy(data + n, "汉字abc\r", 10); /* a lone CR last */
  n += 10;
  path = temp_file(data, n);
  doc = load(path, NULL);
  if (doc) {
    const char *t = gw_doc_text(doc, &len);
    CHECK(len == SIZE && memcmp(t, want, SIZE) == 0);
    CHECK_EQ_INT(t[len], 0);
    CHECK_EQ_INT(gw_doc_input_bytes(doc), n);
    gw_doc_free(doc);
  }
  unlink(path);
  /* A size that is a multiple of the page size: the NUL after the text is
   * in the extra page mapped after the file. */
  path = temp_file(want, 1 << 20);
  doc = load(path, NULL);
  if (doc) {
    CHECK(memcmp(gw_doc_text(doc, &len), want, 1 << 20) == 0 && len == 1 << 20);
    CHECK_EQ_INT(gw_doc_text(doc, NULL)[len], 0);
    gw_doc_free(doc);
  }
  unlink(path);
  free(data);
  free(want);
}

int main(void) {
  test_large();
  test_seed_reports();
  test_normalisation_and_encodings();
  test_bad_utf8();
  test_other_errors();
  test_replace();
  test_memory();
  test_gb18030_tail();
  test_stdin();
  test_positions();
  return check_summary();
}
