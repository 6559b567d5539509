/* fuzz_outline.c — libFuzzer target: UTF-8 text -> heading tree: offsets inside the text, children inside parents, siblings apart, items and titles inside their sections.
 * The checks live in checks.h, shared with tests/c/test_regressions.c. */
#include "checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_check_outline((const char *)data, size);
  return 0;
}
