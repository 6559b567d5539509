/* utf8_impl.h — the individual UTF-8 kernels behind gw_utf8_validate and
 * gw_utf8_count, exposed for the tests (which compare them with each other)
 * and for bench/bench_utf8.c.  Not part of the public API. */
#ifndef GONGWEN_UTF8_IMPL_H
#define GONGWEN_UTF8_IMPL_H
#include <stddef.h>

/* Each validator returns len if valid, else the offset of the first bad byte. */
size_t gw_utf8_validate_scalar(const char *s, size_t len);
size_t gw_utf8_validate_sse4(const char *s, size_t len);  /* needs SSE4.1 (and SSSE3) */
size_t gw_utf8_validate_avx2(const char *s, size_t len);  /* needs AVX2 */

/* Each scan is gw_utf8_scan with one kernel. */
size_t gw_utf8_scan_scalar(const char *s, size_t len, size_t *first_nul, int *has_cr);
size_t gw_utf8_scan_sse4(const char *s, size_t len, size_t *first_nul, int *has_cr);
size_t gw_utf8_scan_avx2(const char *s, size_t len, size_t *first_nul, int *has_cr);

/* Each counter returns the number of bytes that are not continuation bytes. */
size_t gw_utf8_count_scalar(const char *s, size_t len);
size_t gw_utf8_count_sse4(const char *s, size_t len);
size_t gw_utf8_count_avx2(const char *s, size_t len);

/* 1 when the CPU can run the kernel of that name ("scalar", "sse4", "avx2"). */
int gw_utf8_cpu_has(const char *impl);

#endif
