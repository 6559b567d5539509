/* utf8.c — UTF-8 validation and character counting.
 *
 * The vector validators follow the lookup method published by Keiser and
 * Lemire ("Validating UTF-8 in less than one instruction per byte", 2021):
 * every byte is classified by three 16-entry table lookups (high nibble of
 * the previous byte, low nibble of the previous byte, high nibble of the
 * byte itself); the AND of the three is non-zero exactly where a 2-byte
 * pattern is illegal.  A separate check demands continuation bytes 2 and 3
 * bytes after 3- and 4-byte leads.  Our own code, not simdutf's.
 *
 * The kernel is chosen per call from the CPU's flags (no writable global);
 * on other platforms than x86-64 the scalar code is used. */
#include <stdint.h>
#include <string.h>
#include "gongwen.h"
#include "utf8_impl.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define GW_UTF8_X86 1
#include <immintrin.h>
#else
#define GW_UTF8_X86 0
#endif

/* ------------------------------------------------------------ scalar */

/* Length of the sequence a lead byte starts, or 0 for a byte that cannot
 * start one (continuation bytes, C0, C1, F5..FF). */
static int lead_length(unsigned char c) {
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  if (c < 0xE0) return 2;
  if (c < 0xF0) return 3;
  if (c < 0xF5) return 4;
  return 0;
}

size_t gw_utf8_validate_scalar(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c < 0x80) { i++; continue; }
    /* Most Chinese characters: a 3-byte sequence whose lead puts no limit
     * on the second byte (E1..EC, EE, EF), checked in one step. */
    if (c >= 0xE1 && c != 0xED && c <= 0xEF && len - i >= 3 &&
        ((s[i + 1] & 0xC0) | ((s[i + 2] & 0xC0) >> 2)) == 0xA0) {
      i += 3;
      continue;
    }
    int n = lead_length(c);
    if (n == 0) return i;
    /* The second byte's range depends on the lead: this is what rules out
     * overlongs (E0, F0), surrogates (ED) and code points above U+10FFFF (F4). */
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    if (i + 1 >= len || s[i + 1] < lo || s[i + 1] > hi) return i;
    for (int k = 2; k < n; k++)
      if (i + (size_t)k >= len || (s[i + k] & 0xC0) != 0x80) return i;
    i += (size_t)n;
  }
  return len;
}

size_t gw_utf8_count_scalar(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t n = 0;
  for (size_t i = 0; i < len; i++) n += (s[i] & 0xC0) != 0x80;
  return n;
}

/* A vector kernel found an error somewhere in the block starting at `block`;
 * everything before it was checked.  Back up to the start of the character
 * that may straddle the block boundary and let the scalar code name the exact
 * offset.  Of the 3 bytes before the block, the first non-continuation byte
 * starts a character; if all 3 are continuations, a character ends there. */
static size_t exact_error(const char *str, size_t len, size_t block) {
  const unsigned char *s = (const unsigned char *)str;
  size_t q = block >= 3 ? block - 3 : 0;
  while (q < block && (s[q] & 0xC0) == 0x80) q++;
  return q + gw_utf8_validate_scalar(str + q, len - q);
}

#define GW_UTF8_NONE ((size_t)-1)

/* The scan's answers for the valid prefix [0, valid), given the first offset
 * from which a NUL or CR may occur (GW_UTF8_NONE: none before `valid`). */
static void finish_scan(const char *s, size_t valid, size_t from, size_t *first_nul, int *has_cr) {
  if (first_nul) {
    const char *nul = from < valid ? memchr(s + from, 0, valid - from) : NULL;
    *first_nul = nul ? (size_t)(nul - s) : valid;
  }
  if (has_cr) *has_cr = from < valid && memchr(s + from, '\r', valid - from) != NULL;
}

size_t gw_utf8_scan_scalar(const char *s, size_t len, size_t *first_nul, int *has_cr) {
  size_t valid = gw_utf8_validate_scalar(s, len);
  finish_scan(s, valid, 0, first_nul, has_cr);
  return valid;
}

static void note_lf(gw_lf_sink *lines, size_t after) {
  if (lines->n < lines->cap) lines->at[lines->n] = after - lines->shift;
  lines->n++;
}

/* The LFs of a scanned prefix, found afterwards (kernels without a fused pass). */
static size_t note_lfs(const char *s, size_t valid, gw_lf_sink *lines) {
  for (const char *p = s, *end = s + valid; (p = memchr(p, '\n', (size_t)(end - p))) != NULL;)
    note_lf(lines, (size_t)(++p - s));
  return valid;
}

size_t gw_utf8_scan_lines_scalar(const char *s, size_t len, size_t *first_nul, int *has_cr,
                                 gw_lf_sink *lines) {
  return note_lfs(s, gw_utf8_scan_scalar(s, len, first_nul, has_cr), lines);
}

#if GW_UTF8_X86

/* Large inputs come from memory, and the hardware prefetcher stops at page
 * boundaries: asking for the next page ahead of time makes a 256 MiB file
 * validate half again as fast (5.6 -> 8.9 GB/s here) and costs nothing in cache.  Only inside the input (no pointer past it). */
#define PREFETCH_AHEAD 4096
static inline void prefetch_ahead(const char *s, size_t i, size_t len) {
  if (len - i > PREFETCH_AHEAD) _mm_prefetch(s + i + PREFETCH_AHEAD, _MM_HINT_T0);
}

/* Error classes of a (previous byte, byte) pair, one bit each. */
#define TOO_SHORT  (1 << 0) /* lead or ASCII after a lead: 11______ 0_______ / 11______ 11______ */
#define TOO_LONG   (1 << 1) /* continuation after ASCII:   0_______ 10______ */
#define OVERLONG_3 (1 << 2) /* 11100000 100_____ */
#define TOO_LARGE  (1 << 3) /* 11110100 1001____ and above */
#define SURROGATE  (1 << 4) /* 11101101 101_____ */
#define OVERLONG_2 (1 << 5) /* 1100000_ 10______ */
#define TOO_LARGE_1000 (1 << 6) /* 11110101.. 1000____ (F5 and up) */
#define OVERLONG_4 (1 << 6) /* 11110000 1000____ (shares the bit: same byte-2 nibble) */
#define TWO_CONTS  (1 << 7) /* continuation after continuation (legal only where required) */
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS) /* classes not decided by byte 1's low nibble */

/* Indexed by the high nibble of the previous byte. */
static const unsigned char byte1_high[16] = {
  TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
  TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
  TOO_SHORT | OVERLONG_2,
  TOO_SHORT,
  TOO_SHORT | OVERLONG_3 | SURROGATE,
  TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4
};
/* Indexed by the low nibble of the previous byte. */
static const unsigned char byte1_low[16] = {
  CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
  CARRY | OVERLONG_2,
  CARRY,
  CARRY,
  CARRY | TOO_LARGE,
  CARRY | TOO_LARGE | TOO_LARGE_1000,
  CARRY | TOO_LARGE | TOO_LARGE_1000,
  CARRY | TOO_LARGE | TOO_LARGE_1000,
  CARRY | TOO_LARGE | TOO_LARGE_1000,
  CARRY | TOO_LARGE | TOO_LARGE_1000,
  CARRY | TOO_LARGE | TOO_LARGE_1000,
  CARRY | TOO_LARGE | TOO_LARGE_1000,
  CARRY | TOO_LARGE | TOO_LARGE_1000,
  CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
  CARRY | TOO_LARGE | TOO_LARGE_1000,
  CARRY | TOO_LARGE | TOO_LARGE_1000
};
/* Indexed by the high nibble of the byte itself. */
static const unsigned char byte2_high[16] = {
  TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
  TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
  TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
  TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
  TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
  TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT
};

/* Each width's kernel is written out once: the three table lookups give the
 * illegal 2-byte patterns, and saturating subtraction marks the bytes that
 * must be continuations (2 after a 111_____ lead, 3 after a 1111____ lead);
 * an error is a continuation that is not required, or a required one that
 * is missing (the TWO_CONTS bit in `special` versus bit 7 of `must`). */

__attribute__((target("sse4.1")))
static inline __m128i sse4_block_error(__m128i in, __m128i prev_in) {
  const __m128i nibble = _mm_set1_epi8(0x0F);
  __m128i prev1 = _mm_alignr_epi8(in, prev_in, 15);
  __m128i prev2 = _mm_alignr_epi8(in, prev_in, 14);
  __m128i prev3 = _mm_alignr_epi8(in, prev_in, 13);
  __m128i b1h = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)byte1_high),
                                 _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble));
  __m128i b1l = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)byte1_low),
                                 _mm_and_si128(prev1, nibble));
  __m128i b2h = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)byte2_high),
                                 _mm_and_si128(_mm_srli_epi16(in, 4), nibble));
  __m128i special = _mm_and_si128(_mm_and_si128(b1h, b1l), b2h);
  __m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8((char)(0xE0 - 0x80)));
  __m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8((char)(0xF0 - 0x80)));
  __m128i must = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
  return _mm_xor_si128(must, special);
}

/* A 16-byte table in both 128-bit lanes (vpshufb looks up within each lane). */
__attribute__((target("avx2")))
static inline __m256i lanes(const unsigned char table[16]) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)table));
}

__attribute__((target("avx2")))
static inline __m256i avx2_block_error(__m256i in, __m256i prev_in) {
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  /* alignr works within 128-bit lanes: pair each lane with the one before it. */
  __m256i before = _mm256_permute2x128_si256(prev_in, in, 0x21);
  __m256i prev1 = _mm256_alignr_epi8(in, before, 15);
  __m256i prev2 = _mm256_alignr_epi8(in, before, 14);
  __m256i prev3 = _mm256_alignr_epi8(in, before, 13);
  __m256i b1h = _mm256_shuffle_epi8(lanes(byte1_high),
                                    _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble));
  __m256i b1l = _mm256_shuffle_epi8(lanes(byte1_low),
                                    _mm256_and_si256(prev1, nibble));
  __m256i b2h = _mm256_shuffle_epi8(lanes(byte2_high),
                                    _mm256_and_si256(_mm256_srli_epi16(in, 4), nibble));
  __m256i special = _mm256_and_si256(_mm256_and_si256(b1h, b1l), b2h);
  __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
  __m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
  __m256i must = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
  return _mm256_xor_si256(must, special);
}

/* Both validators take 64 bytes per step and test for errors once per step.
 * The tail is copied into a zeroed block: a sequence cut off by the end of
 * the input is then followed by ASCII NULs, which the tables reject, and an
 * all-zero final block checks the last real block's trailing bytes.
 * With `special` (the loader's single pass, gw_utf8_scan) they also note the
 * first step holding a NUL or CR byte; inlined with NULL, that code vanishes. */

__attribute__((target("sse4.1")))
static inline size_t sse4_kernel(const char *s, size_t len, size_t *special) {
  __m128i prev = _mm_setzero_si128();
  if (len == 0) return 0;
  for (size_t i = 0;; i += 64) {
    unsigned char tail[64];
    const char *p = s + i;
    int last = len - i < 64;
    if (last) {
      memset(tail, 0, sizeof tail);
      if (len > i) memcpy(tail, p, len - i);
      p = (const char *)tail;
    }
    prefetch_ahead(s, i, len);
    __m128i a = _mm_loadu_si128((const __m128i *)p);
    __m128i b = _mm_loadu_si128((const __m128i *)(p + 16));
    __m128i c = _mm_loadu_si128((const __m128i *)(p + 32));
    __m128i d = _mm_loadu_si128((const __m128i *)(p + 48));
    if (special && *special == GW_UTF8_NONE) {
      const __m128i nul = _mm_setzero_si128(), cr = _mm_set1_epi8('\r');
      __m128i ab = _mm_min_epu8(a, b), cd = _mm_min_epu8(c, d);
      __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(ab, nul), _mm_cmpeq_epi8(cd, nul)),
                                 _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, cr), _mm_cmpeq_epi8(b, cr)),
                                              _mm_or_si128(_mm_cmpeq_epi8(c, cr), _mm_cmpeq_epi8(d, cr))));
      if (!_mm_testz_si128(hit, hit)) *special = i;
    }
    __m128i err = _mm_or_si128(_mm_or_si128(sse4_block_error(a, prev), sse4_block_error(b, a)),
                               _mm_or_si128(sse4_block_error(c, b), sse4_block_error(d, c)));
    if (!_mm_testz_si128(err, err)) return exact_error(s, len, i);
    if (last) return len;
    prev = d;
  }
}

/* Notes the LFs of the 64 bytes a, b from offset i. */
__attribute__((target("avx2")))
static inline void note_block_lfs(__m256i a, __m256i b, size_t i, gw_lf_sink *lines) {
  const __m256i lf = _mm256_set1_epi8('\n');
  uint64_t m = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, lf)) |
               (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, lf)) << 32;
  for (; m; m &= m - 1) note_lf(lines, i + (size_t)__builtin_ctzll(m) + 1);
}

__attribute__((target("avx2")))
static inline size_t avx2_kernel(const char *s, size_t len, size_t *special, gw_lf_sink *lines) {
  __m256i prev = _mm256_setzero_si256();
  if (len == 0) return 0;
  for (size_t i = 0;; i += 64) {
    unsigned char tail[64];
    const char *p = s + i;
    int last = len - i < 64;
    if (last) {
      memset(tail, 0, sizeof tail);
      if (len > i) memcpy(tail, p, len - i);
      p = (const char *)tail;
    }
    prefetch_ahead(s, i, len);
    __m256i a = _mm256_loadu_si256((const __m256i *)p);
    __m256i b = _mm256_loadu_si256((const __m256i *)(p + 32));
    if (special && *special == GW_UTF8_NONE) {
      const __m256i nul = _mm256_setzero_si256(), cr = _mm256_set1_epi8('\r');
      __m256i hit = _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(a, b), nul),
                                    _mm256_or_si256(_mm256_cmpeq_epi8(a, cr), _mm256_cmpeq_epi8(b, cr)));
      if (!_mm256_testz_si256(hit, hit)) *special = i;
    }
    if (lines) note_block_lfs(a, b, i, lines);
    __m256i err = _mm256_or_si256(avx2_block_error(a, prev), avx2_block_error(b, a));
    if (!_mm256_testz_si256(err, err)) return exact_error(s, len, i);
    if (last) return len;
    prev = b;
  }
}

__attribute__((target("sse4.1")))
size_t gw_utf8_validate_sse4(const char *s, size_t len) { return sse4_kernel(s, len, NULL); }

__attribute__((target("avx2")))
size_t gw_utf8_validate_avx2(const char *s, size_t len) { return avx2_kernel(s, len, NULL, NULL); }

__attribute__((target("sse4.1")))
size_t gw_utf8_scan_sse4(const char *s, size_t len, size_t *first_nul, int *has_cr) {
  size_t special = GW_UTF8_NONE, valid = sse4_kernel(s, len, &special);
  finish_scan(s, valid, special, first_nul, has_cr);
  return valid;
}

__attribute__((target("avx2")))
size_t gw_utf8_scan_avx2(const char *s, size_t len, size_t *first_nul, int *has_cr) {
  size_t special = GW_UTF8_NONE, valid = avx2_kernel(s, len, &special, NULL);
  finish_scan(s, valid, special, first_nul, has_cr);
  return valid;
}

__attribute__((target("sse4.1")))
size_t gw_utf8_scan_lines_sse4(const char *s, size_t len, size_t *first_nul, int *has_cr,
                               gw_lf_sink *lines) {
  return note_lfs(s, gw_utf8_scan_sse4(s, len, first_nul, has_cr), lines);
}

__attribute__((target("avx2")))
size_t gw_utf8_scan_lines_avx2(const char *s, size_t len, size_t *first_nul, int *has_cr,
                               gw_lf_sink *lines) {
  size_t special = GW_UTF8_NONE, valid = avx2_kernel(s, len, &special, lines);
  finish_scan(s, valid, special, first_nul, has_cr);
  return valid;
}

/* Counting: a byte starts a character unless it is 10______, i.e. unless it
 * is <= -65 as a signed byte.  Per-lane byte counters are flushed into the
 * total (psadbw) before they can overflow. */

__attribute__((target("sse4.1")))
size_t gw_utf8_count_sse4(const char *s, size_t len) {
  size_t n = 0, i = 0;
  const __m128i limit = _mm_set1_epi8(-65);
  while (len - i >= 16) {
    __m128i acc = _mm_setzero_si128();
    for (int k = 0; k < 255 && len - i >= 16; k++, i += 16)
      acc = _mm_sub_epi8(acc, _mm_cmpgt_epi8(_mm_loadu_si128((const __m128i *)(s + i)), limit));
    __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
    n += (size_t)_mm_cvtsi128_si64(sums) + (size_t)_mm_extract_epi64(sums, 1);
  }
  return n + gw_utf8_count_scalar(s + i, len - i);
}

__attribute__((target("avx2")))
size_t gw_utf8_count_avx2(const char *s, size_t len) {
  size_t n = 0, i = 0;
  const __m256i limit = _mm256_set1_epi8(-65);
  while (len - i >= 32) {
    __m256i acc = _mm256_setzero_si256();
    for (int k = 0; k < 255 && len - i >= 32; k++, i += 32) {
      prefetch_ahead(s, i, len);
      acc = _mm256_sub_epi8(acc,
                            _mm256_cmpgt_epi8(_mm256_loadu_si256((const __m256i *)(s + i)), limit));
    }
    __m256i sums = _mm256_sad_epu8(acc, _mm256_setzero_si256());
    n += (size_t)_mm256_extract_epi64(sums, 0) + (size_t)_mm256_extract_epi64(sums, 1) +
         (size_t)_mm256_extract_epi64(sums, 2) + (size_t)_mm256_extract_epi64(sums, 3);
  }
  return n + gw_utf8_count_scalar(s + i, len - i);
}

/* Run-time dispatch, decided per call: reading the CPU flags that libgcc
 * filled in at start-up costs a load and a test, and keeps this file free of
 * writable state (an ifunc resolver would run before AddressSanitizer and
 * libc are ready).  __builtin_cpu_init only reads once initialised. */
static int cpu_avx2(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}

static int cpu_sse4(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.1") && __builtin_cpu_supports("ssse3");
}

int gw_utf8_cpu_has(const char *impl) {
  if (strcmp(impl, "avx2") == 0) return cpu_avx2();
  if (strcmp(impl, "sse4") == 0) return cpu_sse4();
  return strcmp(impl, "scalar") == 0;
}

const char *gw_utf8_impl(void) {
  return cpu_avx2() ? "avx2" : cpu_sse4() ? "sse4" : "scalar";
}

size_t gw_utf8_validate(const char *s, size_t len) {
  return cpu_avx2() ? gw_utf8_validate_avx2(s, len)
       : cpu_sse4() ? gw_utf8_validate_sse4(s, len) : gw_utf8_validate_scalar(s, len);
}

size_t gw_utf8_scan(const char *s, size_t len, size_t *first_nul, int *has_cr) {
  return cpu_avx2() ? gw_utf8_scan_avx2(s, len, first_nul, has_cr)
       : cpu_sse4() ? gw_utf8_scan_sse4(s, len, first_nul, has_cr)
                    : gw_utf8_scan_scalar(s, len, first_nul, has_cr);
}

size_t gw_utf8_scan_lines(const char *s, size_t len, size_t *first_nul, int *has_cr,
                          gw_lf_sink *lines) {
  return cpu_avx2() ? gw_utf8_scan_lines_avx2(s, len, first_nul, has_cr, lines)
       : cpu_sse4() ? gw_utf8_scan_lines_sse4(s, len, first_nul, has_cr, lines)
                    : gw_utf8_scan_lines_scalar(s, len, first_nul, has_cr, lines);
}

size_t gw_utf8_count(const char *s, size_t len) {
  return cpu_avx2() ? gw_utf8_count_avx2(s, len)
       : cpu_sse4() ? gw_utf8_count_sse4(s, len) : gw_utf8_count_scalar(s, len);
}

#else /* not x86: scalar only */

size_t gw_utf8_validate_sse4(const char *s, size_t len) { return gw_utf8_validate_scalar(s, len); }
size_t gw_utf8_validate_avx2(const char *s, size_t len) { return gw_utf8_validate_scalar(s, len); }
size_t gw_utf8_scan_sse4(const char *s, size_t len, size_t *first_nul, int *has_cr) {
  return gw_utf8_scan_scalar(s, len, first_nul, has_cr);
}
size_t gw_utf8_scan_avx2(const char *s, size_t len, size_t *first_nul, int *has_cr) {
  return gw_utf8_scan_scalar(s, len, first_nul, has_cr);
}
size_t gw_utf8_scan_lines_sse4(const char *s, size_t len, size_t *first_nul, int *has_cr,
                               gw_lf_sink *lines) {
  return gw_utf8_scan_lines_scalar(s, len, first_nul, has_cr, lines);
}
size_t gw_utf8_scan_lines_avx2(const char *s, size_t len, size_t *first_nul, int *has_cr,
                               gw_lf_sink *lines) {
  return gw_utf8_scan_lines_scalar(s, len, first_nul, has_cr, lines);
}
size_t gw_utf8_scan_lines(const char *s, size_t len, size_t *first_nul, int *has_cr,
                          gw_lf_sink *lines) {
  return gw_utf8_scan_lines_scalar(s, len, first_nul, has_cr, lines);
}
size_t gw_utf8_count_sse4(const char *s, size_t len) { return gw_utf8_count_scalar(s, len); }
size_t gw_utf8_count_avx2(const char *s, size_t len) { return gw_utf8_count_scalar(s, len); }
int gw_utf8_cpu_has(const char *impl) { return strcmp(impl, "scalar") == 0; }
const char *gw_utf8_impl(void) { return "scalar"; }
size_t gw_utf8_validate(const char *s, size_t len) { return gw_utf8_validate_scalar(s, len); }
size_t gw_utf8_count(const char *s, size_t len) { return gw_utf8_count_scalar(s, len); }
size_t gw_utf8_scan(const char *s, size_t len, size_t *first_nul, int *has_cr) {
  return gw_utf8_scan_scalar(s, len, first_nul, has_cr);
}

#endif
