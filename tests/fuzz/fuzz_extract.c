/* fuzz_extract.c — libFuzzer target: UTF-8 text -> quantities, citations, quotes, dates, metadata: offsets inside the subject, in order, at character boundaries.
 * The checks live in checks.h, shared with tests/c/test_regressions.c. */
#include "checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_check_extract((const char *)data, size);
  return 0;
}
