/* test_overhead_reuse.c — the fast paths that cut per-call costs must not
 * change results: a reset gw_match forgets the subject it checked (even one
 * at the same address), own-validated subjects still report PCRE2's errors,
 * and a file read without the extra EOF read() is read whole. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "gongwen.h"

static void test_reset_forgets_checked_subject(void) {
  gw_regex *re = NULL;
  gw_error err;
  gw_regex_opts o = {0, 0, 0, 0};
  if (!CHECK(gw_regex_compile("b", 1, &o, &re, &err) == 0)) return;
  gw_match *m = gw_match_new(re);
  char buf[8] = "aab";
  CHECK_EQ_INT(gw_regex_exec(re, m, buf, 3, 0, 0, &err), 1);
  CHECK_EQ_INT(gw_match_ovector(m)[0], 2);
  /* Same address and length, now invalid: after a reset it is checked again. */
  buf[1] = (char)0xFF;
  gw_match_reset(m);
  CHECK_EQ_INT(gw_regex_exec(re, m, buf, 3, 0, 0, &err), -1);
  CHECK_EQ_INT(err.code, GW_EUTF8);
  CHECK_EQ_STR(err.message,
               "invalid UTF-8 in regex subject at byte 2: UTF-8 error: illegal byte (0xfe or 0xff)");
  /* PCRE2 checks only from the start offset on: a bad byte before it is no error. */
  gw_match_reset(m);
  CHECK_EQ_INT(gw_regex_exec(re, m, buf, 3, 2, 0, &err), 1);
  CHECK_EQ_INT(gw_match_ovector(m)[0], 2);
  /* A start inside a character of a valid subject is still an argument error. */
  gw_match_reset(m);
  CHECK_EQ_INT(gw_regex_exec(re, m, "\xE4\xB8\xAD" "b", 4, 1, 0, &err), -1);
  CHECK_EQ_INT(err.code, GW_EARG);
  gw_match_free(m);
  gw_regex_free(re);
}

/* Files of several sizes below the mapping threshold load whole. */
static void test_read_sizes(void) {
  static const size_t sizes[] = {1, 4095, 4096, 65535, 65536, 65537, 1000000};
  char path[64];
  snprintf(path, sizeof path, "/tmp/gw-overhead-%d.txt", (int)getpid());
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    size_t n = sizes[k];
    char *data = malloc(n);
    for (size_t i = 0; i < n; i++) data[i] = (char)('a' + i % 26);
    FILE *f = fopen(path, "wb");
    if (!CHECK(f != NULL)) { free(data); return; }
    fwrite(data, 1, n, f);
    fclose(f);
    gw_doc *doc = NULL;
    gw_error err;
    if (CHECK(gw_doc_open(path, NULL, &doc, &err) == 0)) {
      size_t len;
      const char *text = gw_doc_text(doc, &len);
      CHECK_EQ_INT(len, n);
      CHECK(memcmp(text, data, n) == 0 && text[n] == '\0');
      gw_doc_free(doc);
    }
    free(data);
  }
  unlink(path);
}

int main(void) {
  test_reset_forgets_checked_subject();
  test_read_sizes();
  return check_summary();
}
