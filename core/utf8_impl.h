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

/* Where the lines of a scanned text start: at[k] = the offset just past its
 * k-th LF, minus shift (a BOM the text will not keep).  n counts every LF,
 * also past cap (then only the first cap were stored). */
typedef struct gw_lf_sink {
  size_t *at, n, cap, shift;
} gw_lf_sink;

/* gw_utf8_scan, noting the LFs in lines too (the AVX2 kernel in the same
 * pass).  For invalid input, the LFs noted are unspecified. */
size_t gw_utf8_scan_lines(const char *s, size_t len, size_t *first_nul, int *has_cr,
                          gw_lf_sink *lines);
/* ... with one kernel ("scalar", "sse4": a scan, then a search for LFs). */
size_t gw_utf8_scan_lines_scalar(const char *s, size_t len, size_t *first_nul, int *has_cr,
                                 gw_lf_sink *lines);
size_t gw_utf8_scan_lines_sse4(const char *s, size_t len, size_t *first_nul, int *has_cr,
                               gw_lf_sink *lines);
size_t gw_utf8_scan_lines_avx2(const char *s, size_t len, size_t *first_nul, int *has_cr,
                               gw_lf_sink *lines);

/* Each counter returns the number of bytes that are not continuation bytes. */
size_t gw_utf8_count_scalar(const char *s, size_t len);
size_t gw_utf8_count_sse4(const char *s, size_t len);
size_t gw_utf8_count_avx2(const char *s, size_t len);

/* 1 when the CPU can run the kernel of that name ("scalar", "sse4", "avx2"). */
int gw_utf8_cpu_has(const char *impl);

#endif
