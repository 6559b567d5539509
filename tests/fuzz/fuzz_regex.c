/* fuzz_regex.c — libFuzzer target: flags byte + pattern + '\n' + subject -> compile with small limits, exec loop and count agree, nothing hangs.
 * The checks live in checks.h, shared with tests/c/test_regressions.c. */
#include "checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_check_regex((const char *)data, size);
  return 0;
}
