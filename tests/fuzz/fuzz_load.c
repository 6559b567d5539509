/* fuzz_load.c — libFuzzer target: bytes -> document: every encoding and replace mode, max_bytes, gzip (whole, cut short, bomb).
 * The checks live in checks.h, shared with tests/c/test_regressions.c. */
#include "checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_check_load((const char *)data, size);
  return 0;
}
