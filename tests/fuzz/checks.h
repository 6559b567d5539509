/* checks.h — the invariants the fuzz targets enforce, shared with
 * tests/c/test_regressions.c so that saved crash inputs replay through the
 * same code without libFuzzer.  A violation prints what broke and aborts.
 *
 * Each check takes raw bytes, exactly as a fuzz target receives them:
 *   fz_check_load     bytes -> document, every encoding and replace mode, gzip
 *   fz_check_outline  bytes -> valid UTF-8 text -> heading tree
 *   fz_check_extract  bytes -> valid UTF-8 text -> quantities, citations, ...
 *   fz_check_regex    bytes -> flags byte, pattern, '\n', subject
 * The reference functions here (UTF-8 validation, normalisation) are written
 * independently of the core, so they can act as an oracle for it. */
#ifndef GONGWEN_FUZZ_CHECKS_H
#define GONGWEN_FUZZ_CHECKS_H
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "gongwen.h"

/* static inline: each program uses only some of these, without warnings. */
#define FZ static inline

FZ void fz_fail(const char *file, int line, const char *cond, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "\n*** invariant broken at %s:%d: %s\n*** ", file, line, cond);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  abort();
}

/* FZ_REQUIRE(cond, fmt, args...): the format names the input and the values. */
#define FZ_REQUIRE(cond, ...) \
  ((cond) ? (void)0 : fz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__))

FZ void *fz_malloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) abort();
  return p;
}

/* Exact-size copy, not NUL-terminated, so ASan catches any read past len. */
FZ char *fz_dup(const void *data, size_t len) {
  char *p = fz_malloc(len);
  if (len) memcpy(p, data, len);
  return p;
}

/* The word lists, parsed once per process (test code: a static is fine).
 * The plain extractor functions parse them on every call; the checks use the
 * _lx variants, as the binding does, and compare with the plain ones on
 * every 16th input length (FZ_ALSO_PLAIN). */
FZ const gw_lexicon *fz_lexicon(void) {
  static gw_lexicon *lx;
  if (!lx && !(lx = gw_lexicon_new())) abort();
  return lx;
}
#define FZ_ALSO_PLAIN(len) ((len) % 16 == 0)

/* ------------------------------------------------------------ reference UTF-8 */

/* Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid
 * (overlong, surrogate, above U+10FFFF, truncated, stray continuation). */
FZ size_t fz_utf8_seq(const unsigned char *s, size_t len, size_t i) {
  unsigned c = s[i], cp, min;
  size_t n;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
  else return 0;
  if (len - i < n) return 0;
  for (size_t k = 1; k < n; k++) {
    if ((s[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i + k] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

/* Offset of the first invalid sequence in s, or len when all is valid. */
FZ size_t fz_utf8_first_bad(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    size_t n = fz_utf8_seq(u, len, i);
    if (!n) return i;
    i += n;
  }
  return len;
}

FZ int fz_is_utf8(const char *s, size_t len) { return fz_utf8_first_bad(s, len) == len; }

FZ int fz_is_boundary(const char *s, size_t len, size_t off) {
  return off == len || (off < len && ((unsigned char)s[off] & 0xC0) != 0x80);
}

FZ size_t fz_count_chars(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

/* U+FFFD at s[i] (byte compares: memcmp is intercepted and slow under libFuzzer). */
FZ int fz_is_fffd(const char *s, size_t len, size_t i) {
  return i + 3 <= len && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
         (unsigned char)s[i + 2] == 0xBD;
}

FZ int fz_has_prefix(const char *s, size_t len, const char *prefix) {
  size_t n = strlen(prefix);
  return len >= n && memcmp(s, prefix, n) == 0;
}

/* A fixed char array that the core filled must be terminated and valid UTF-8
 * (truncating into a small buffer must not cut a character in half). */
FZ void fz_check_cstring(const char *buf, size_t cap, const char *what) {
  size_t n = strnlen(buf, cap);
  FZ_REQUIRE(n < cap, "%s is not NUL-terminated within %zu bytes", what, cap);
  FZ_REQUIRE(fz_is_utf8(buf, n), "%s is not valid UTF-8: \"%s\"", what, buf);
}

/* Valid UTF-8 text without NUL or CR made from any bytes: what a loaded
 * document can hold.  Bad bytes become '?', NUL ' ', CR '\n'. */
FZ char *fz_make_text(const char *data, size_t size, size_t *len) {
  const unsigned char *u = (const unsigned char *)data;
  char *t = fz_malloc(size);
  size_t n = 0;
  for (size_t i = 0; i < size;) {
    size_t k = fz_utf8_seq(u, size, i);
    if (!k) { t[n++] = '?'; i++; continue; }
    if (k == 1 && u[i] == 0) t[n++] = ' ';
    else if (k == 1 && u[i] == '\r') t[n++] = '\n';
    else { memcpy(t + n, data + i, k); n += k; }
    i += k;
  }
  *len = n;
  return t;
}

/* ------------------------------------------------------------ loading */

/* The loader's normalisation done simply: BOM stripped, CRLF and CR -> LF.
 * FZ_DROP_BAD also drops every invalid sequence and every U+FFFD, which is
 * what a replace-mode load looks like once its U+FFFD are removed too;
 * FZ_KEEP_BOM leaves a leading BOM (for text already normalised once). */
enum { FZ_DROP_BAD = 1, FZ_KEEP_BOM = 2 };
FZ char *fz_normalise(const char *in, size_t n, int flags, size_t *len) {
  const unsigned char *u = (const unsigned char *)in;
  int drop_bad = flags & FZ_DROP_BAD;
  char *out = fz_malloc(n);
  size_t o = 0, i = !(flags & FZ_KEEP_BOM) && fz_has_prefix(in, n, "\xEF\xBB\xBF") ? 3 : 0;
  while (i < n) {
    size_t k = fz_utf8_seq(u, n, i);
    if (u[i] == '\r') {
      out[o++] = '\n';
      i += (i + 1 < n && u[i + 1] == '\n') ? 2 : 1;
    } else if (k == 0 && !drop_bad) {
      out[o++] = in[i++];
    } else if (drop_bad && (k == 0 || fz_is_fffd(in, n, i))) {
      i += k ? k : 1;
    } else {
      memcpy(out + o, in + i, k);
      o += k; i += k;
    }
  }
  *len = o;
  return out;
}

FZ size_t fz_count_fffd(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i + 3 <= len; i++) n += fz_is_fffd(s, len, i);
  return n;
}

FZ void fz_check_error(const gw_error *err, size_t size, const char *what) {
  FZ_REQUIRE(err->code != GW_OK, "%s failed with code GW_OK", what);
  FZ_REQUIRE(strnlen(err->message, sizeof err->message) < sizeof err->message,
             "%s: error message not terminated", what);
  FZ_REQUIRE(err->message[0] != 0, "%s: empty error message (code %d)", what, (int)err->code);
  FZ_REQUIRE(gw_code_name(err->code) != NULL, "%s: no name for code %d", what, (int)err->code);
  FZ_REQUIRE(err->offset == GW_NOPOS || err->offset <= size,
             "%s: error offset %zu past the input (%zu bytes): %s", what, err->offset, size,
             err->message);
}

/* Line index and positions of a loaded document agree with its text. */
FZ void fz_check_positions(const gw_doc *doc, const char *t, size_t len) {
  size_t lines = gw_doc_line_count(doc), nl = 0;
  for (size_t i = 0; i < len; i++) nl += t[i] == '\n';
  int ends_nl = len > 0 && t[len - 1] == '\n';
  FZ_REQUIRE(lines == nl + 1 || (ends_nl && lines == nl),
             "line_count %zu for %zu newlines (ends with newline: %d)", lines, nl, ends_nl);
  FZ_REQUIRE(gw_doc_line_start(doc, 1) == 0, "line 1 starts at %zu", gw_doc_line_start(doc, 1));
  size_t prev = 0;
  for (size_t k = 2; k <= lines; k++) {
    size_t s = gw_doc_line_start(doc, k);
    FZ_REQUIRE(s > prev && s <= len && t[s - 1] == '\n',
               "line %zu starts at %zu (previous %zu, len %zu)", k, s, prev, len);
    prev = s;
  }
  FZ_REQUIRE(gw_doc_line_start(doc, lines + 1) == len, "line past the end starts at %zu, not %zu",
             gw_doc_line_start(doc, lines + 1), len);
  /* Character boundaries (a few hundred on big texts): line and column by hand. */
  size_t step = len / 64 + 1, line = 1, col = 1;
  for (size_t off = 0; off <= len; off++) {
    if (off % step == 0 && fz_is_boundary(t, len, off)) {
      size_t l = 0, c = 0, tl = 0, tc = 0;
      gw_doc_position(doc, off, &l, &c);
      gw_text_position(t, len, off, &tl, &tc);
      FZ_REQUIRE(l == line && c == col, "offset %zu: doc position %zu:%zu, want %zu:%zu", off, l,
                 c, line, col);
      FZ_REQUIRE(tl == line && tc == col, "offset %zu: text position %zu:%zu, want %zu:%zu", off,
                 tl, tc, line, col);
    }
    if (off == len) break;
    if (t[off] == '\n') { line++; col = 1; }
    else if (((unsigned char)t[off] & 0xC0) != 0x80) col++; /* counts once the character is passed */
  }
}

/* Everything a successful load must satisfy, whatever the options. */
FZ void fz_check_doc(const gw_doc *doc, const char *what) {
  size_t len = 0;
  const char *t = gw_doc_text(doc, &len);
  FZ_REQUIRE(t != NULL, "%s: text is NULL", what);
  FZ_REQUIRE(fz_is_utf8(t, len), "%s: text is invalid UTF-8 at byte %zu", what,
             fz_utf8_first_bad(t, len));
  FZ_REQUIRE(memchr(t, '\r', len) == NULL, "%s: CR left in the text", what);
  FZ_REQUIRE(memchr(t, 0, len) == NULL, "%s: NUL in the text", what);
  FZ_REQUIRE(gw_doc_chars(doc) == fz_count_chars(t, len), "%s: chars %zu, want %zu", what,
             gw_doc_chars(doc), fz_count_chars(t, len));
  FZ_REQUIRE(gw_doc_name(doc) != NULL && gw_doc_encoding(doc) != NULL, "%s: no name/encoding", what);
}

/* Line and column of input byte off, counted on the raw input: CRLF and CR
 * end lines, a leading BOM is not a character. */
FZ void fz_input_position(const char *in, size_t off, size_t *line, size_t *col) {
  const unsigned char *u = (const unsigned char *)in;
  size_t i = fz_has_prefix(in, off, "\xEF\xBB\xBF") ? 3 : 0;
  *line = 1; *col = 1;
  while (i < off) {
    size_t k = fz_utf8_seq(u, off, i);
    if (u[i] == '\r' || u[i] == '\n') {
      if (u[i] == '\r' && i + 1 < off && u[i + 1] == '\n') i++;
      (*line)++; *col = 1;
    } else (*col)++;
    i += k ? k : 1;
  }
}

FZ int fz_load(const char *data, size_t size, gw_encoding enc, int replace, size_t max_bytes,
               gw_doc **doc, gw_error *err) {
  gw_load_opts o;
  memset(&o, 0, sizeof o);
  memset(err, 0, sizeof *err);
  o.encoding = enc; o.replace_invalid = replace; o.max_bytes = max_bytes;
  *doc = NULL;
  int rc = gw_doc_from_memory(data, size, &o, doc, err);
  FZ_REQUIRE((rc == 0) == (*doc != NULL), "load returned %d with doc %p", rc, (void *)*doc);
  return rc;
}

FZ int fz_is_gzip(const char *d, size_t n) { return n >= 2 && (unsigned char)d[0] == 0x1f && (unsigned char)d[1] == 0x8b; }

/* UTF-8 mode against the reference: valid input loads to exactly the
 * normalised text; invalid input fails at the first bad sequence. */
FZ void fz_check_utf8_load(const char *data, size_t size) {
  gw_doc *doc; gw_error err;
  size_t bad = fz_utf8_first_bad(data, size);
  const char *nul = memchr(data, 0, size);
  size_t nul_at = nul ? (size_t)(nul - data) : size;
  int rc = fz_load(data, size, GW_ENC_UTF8, 0, 0, &doc, &err);
  if (rc == 0) {
    fz_check_doc(doc, "utf-8 load");
    FZ_REQUIRE(bad == size && nul_at == size, "utf-8 load accepted bad input (invalid at %zu, NUL at %zu)", bad, nul_at);
    size_t len, rlen;
    const char *t = gw_doc_text(doc, &len);
    char *ref = fz_normalise(data, size, 0, &rlen);
    FZ_REQUIRE(len == rlen && memcmp(t, ref, len) == 0, "utf-8 text differs from the normalised input (%zu vs %zu bytes)", len, rlen);
    fz_check_positions(doc, t, len);
    FZ_REQUIRE(strcmp(gw_doc_encoding(doc), "utf-8") == 0, "encoding %s", gw_doc_encoding(doc));
    FZ_REQUIRE(gw_doc_input_bytes(doc) == size, "input_bytes %zu, want %zu", gw_doc_input_bytes(doc), size);
    FZ_REQUIRE(gw_doc_replaced(doc) == 0, "replaced %zu without replace mode", gw_doc_replaced(doc));
    free(ref);
    gw_doc_free(doc);
    return;
  }
  fz_check_error(&err, size, "utf-8 load");
  if (size == 0) { FZ_REQUIRE(err.code == GW_EEMPTY, "empty input gave %s", gw_code_name(err.code)); return; }
  if (bad < size && bad < nul_at) {
    FZ_REQUIRE(err.code == GW_EUTF8 || (nul && err.code == GW_ENUL),
               "invalid UTF-8 at %zu gave %s: %s", bad, gw_code_name(err.code), err.message);
  } else if (nul) {
    FZ_REQUIRE(err.code == GW_ENUL || (bad < size && err.code == GW_EUTF8),
               "NUL at %zu gave %s: %s", nul_at, gw_code_name(err.code), err.message);
  } else {
    size_t rlen;
    free(fz_normalise(data, size, 0, &rlen));
    FZ_REQUIRE(err.code == GW_EEMPTY && rlen == 0, "valid input failed: %s: %s", gw_code_name(err.code), err.message);
    return;
  }
  size_t want = err.code == GW_ENUL ? nul_at : bad;
  FZ_REQUIRE(err.offset >= want && err.offset <= want + 3 && err.offset < size,
             "%s at byte %zu reported at %zu: %s", gw_code_name(err.code), want, err.offset, err.message);
  size_t line, col;
  fz_input_position(data, err.offset, &line, &col);
  FZ_REQUIRE(err.line == line && err.column == col, "error at byte %zu says %zu:%zu, want %zu:%zu: %s",
             err.offset, err.line, err.column, line, col, err.message);
}

/* Replace mode: same text as the input once both lose their bad sequences
 * and U+FFFD; one U+FFFD per replacement. */
FZ void fz_check_replace_load(const char *data, size_t size) {
  gw_doc *doc; gw_error err;
  int rc = fz_load(data, size, GW_ENC_UTF8, 1, 0, &doc, &err);
  if (rc != 0) {
    fz_check_error(&err, size, "replace load");
    FZ_REQUIRE(err.code == GW_ENUL || err.code == GW_EEMPTY, "replace load failed: %s: %s",
               gw_code_name(err.code), err.message);
    FZ_REQUIRE(err.code != GW_ENUL || memchr(data, 0, size), "ENUL without a NUL");
    return;
  }
  fz_check_doc(doc, "replace load");
  size_t len, a, b;
  const char *t = gw_doc_text(doc, &len);
  char *got = fz_normalise(t, len, FZ_DROP_BAD | FZ_KEEP_BOM, &a), *want = fz_normalise(data, size, FZ_DROP_BAD, &b);
  FZ_REQUIRE(a == b && memcmp(got, want, a) == 0, "replace mode lost or changed valid text");
  size_t in_fffd = fz_count_fffd(data, size), out_fffd = fz_count_fffd(t, len);
  FZ_REQUIRE(out_fffd == in_fffd + gw_doc_replaced(doc), "%zu U+FFFD out, %zu in, %zu replaced",
             out_fffd, in_fffd, gw_doc_replaced(doc));
  FZ_REQUIRE((gw_doc_replaced(doc) > 0) == (fz_utf8_first_bad(data, size) < size),
             "replaced %zu, input valid: %d", gw_doc_replaced(doc), fz_is_utf8(data, size));
  free(got); free(want);
  gw_doc_free(doc);
}

/* GB18030 and auto: whatever comes out is a proper document; ASCII input
 * reads the same in every encoding; valid UTF-8 wins in auto mode. */
FZ void fz_check_other_encodings(const char *data, size_t size) {
  static const gw_encoding encs[] = { GW_ENC_GB18030, GW_ENC_AUTO };
  int ascii = 1, clean = fz_is_utf8(data, size) && !memchr(data, 0, size) && size > 0;
  for (size_t i = 0; i < size; i++) ascii &= (unsigned char)data[i] < 0x80;
  for (int e = 0; e < 2; e++) {
    for (int replace = 0; replace < 2; replace++) {
      gw_doc *doc; gw_error err;
      const char *what = e ? "auto load" : "gb18030 load";
      if (fz_load(data, size, encs[e], replace, 0, &doc, &err) != 0) {
        fz_check_error(&err, size, what);
        FZ_REQUIRE(!(e == 1 && clean && !fz_has_prefix(data, size, "\xEF\xBB\xBF")) || err.code == GW_EEMPTY,
                   "auto failed on valid UTF-8: %s", err.message);
        continue;
      }
      fz_check_doc(doc, what);
      size_t len, rlen;
      const char *t = gw_doc_text(doc, &len);
      if (ascii || (e == 1 && clean)) {
        char *ref = fz_normalise(data, size, 0, &rlen);
        FZ_REQUIRE(len == rlen && memcmp(t, ref, len) == 0, "%s changed %s input", what, ascii ? "ASCII" : "UTF-8");
        free(ref);
      }
      if (e == 1 && clean)
        FZ_REQUIRE(strcmp(gw_doc_encoding(doc), "utf-8") == 0, "auto chose %s for UTF-8", gw_doc_encoding(doc));
      gw_doc_free(doc);
    }
  }
}

/* max_bytes: input above the limit fails with GW_ETOOLARGE and says so. */
FZ void fz_check_limit(const char *data, size_t size) {
  gw_doc *doc; gw_error err;
  if (size < 2 || fz_is_gzip(data, size)) return;
  if (fz_load(data, size, GW_ENC_UTF8, 1, size / 2, &doc, &err) == 0) {
    gw_doc_free(doc);
    FZ_REQUIRE(0, "max_bytes %zu accepted %zu bytes", size / 2, size);
  }
  FZ_REQUIRE(err.code == GW_ETOOLARGE, "max_bytes %zu on %zu bytes gave %s", size / 2, size, gw_code_name(err.code));
}

/* gzip: the compressed input reads as the input itself; cut short it fails;
 * inflating past max_bytes fails with GW_ETOOLARGE (a bomb). */
FZ size_t fz_gzip(const char *data, size_t size, char **out) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) abort();
  size_t cap = deflateBound(&z, size) + 32;
  *out = fz_malloc(cap);
  z.next_in = (unsigned char *)(uintptr_t)data; z.avail_in = (uInt)size;
  z.next_out = (unsigned char *)*out; z.avail_out = (uInt)cap;
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) abort();
  size_t n = z.total_out;
  deflateEnd(&z);
  return n;
}

FZ void fz_check_gzip(const char *data, size_t size) {
  if (fz_is_gzip(data, size)) return;
  char *gz;
  size_t n = fz_gzip(data, size, &gz);
  gw_doc *plain, *doc; gw_error perr, err;
  int prc = fz_load(data, size, GW_ENC_UTF8, 0, 0, &plain, &perr);
  int rc = fz_load(gz, n, GW_ENC_UTF8, 0, 0, &doc, &err);
  FZ_REQUIRE(prc == rc, "gzip load %s but plain load %s", rc ? err.message : "succeeded", prc ? perr.message : "succeeded");
  if (rc == 0) {
    size_t a, b;
    const char *ta = gw_doc_text(plain, &a), *tb = gw_doc_text(doc, &b);
    FZ_REQUIRE(a == b && memcmp(ta, tb, a) == 0, "gzip text differs from plain text");
    FZ_REQUIRE(gw_doc_input_bytes(doc) == size, "gzip input_bytes %zu, want %zu", gw_doc_input_bytes(doc), size);
    gw_doc_free(plain); gw_doc_free(doc);
  } else {
    FZ_REQUIRE(err.code == perr.code && err.offset == perr.offset, "gzip error %s at %zu, plain %s at %zu",
               err.message, err.offset, perr.message, perr.offset);
  }
  /* Truncated: every cut inside the stream (a few of them) must fail. */
  for (size_t cut = n - 1; cut > 2; cut = cut * 3 / 4) {
    if (fz_load(gz, cut, GW_ENC_UTF8, 1, 0, &doc, &err) == 0) {
      gw_doc_free(doc);
      FZ_REQUIRE(0, "gzip cut to %zu of %zu bytes loaded", cut, n);
    }
    fz_check_error(&err, cut, "truncated gzip");
    FZ_REQUIRE(err.code == GW_ETRUNCATED || err.code == GW_EGZIP, "gzip cut to %zu gave %s", cut,
               gw_code_name(err.code));
  }
  if (size >= 2) {
    if (fz_load(gz, n, GW_ENC_UTF8, 1, size / 2, &doc, &err) == 0) {
      gw_doc_free(doc);
      FZ_REQUIRE(0, "gzip inflating to %zu loaded with max_bytes %zu", size, size / 2);
    }
    FZ_REQUIRE(err.code == GW_ETOOLARGE, "gzip bomb gave %s: %s", gw_code_name(err.code), err.message);
  }
  free(gz);
}

FZ void fz_check_load(const char *data, size_t size) {
  /* The input as given (it may itself be gzip), every mode. */
  gw_doc *doc; gw_error err;
  for (int enc = 0; enc < 3; enc++)
    for (int replace = 0; replace < 2; replace++) {
      if (fz_load(data, size, (gw_encoding)enc, replace, 0, &doc, &err) == 0) {
        fz_check_doc(doc, "load");
        gw_doc_free(doc);
      } else fz_check_error(&err, size, "load");
    }
  if (fz_is_gzip(data, size)) return;
  fz_check_utf8_load(data, size);
  fz_check_replace_load(data, size);
  fz_check_other_encodings(data, size);
  fz_check_limit(data, size);
  fz_check_gzip(data, size);
}

/* ------------------------------------------------------------ outline */

FZ void fz_check_span(size_t a, size_t b, size_t lo, size_t hi, const char *what, size_t i) {
  FZ_REQUIRE(lo <= a && a <= b && b <= hi, "%s of #%zu is [%zu,%zu), outside [%zu,%zu)", what, i, a, b, lo, hi);
}


/* Inline enumerations of a section's own text: found through the
 * call-again protocol with exact-size buffers, in order, not overlapping,
 * inside the section's own text. */
FZ void fz_check_items(const char *t, const gw_section *s, size_t i) {
  gw_item *few = fz_malloc(2 * sizeof *few);
  size_t n = gw_section_items(t, s, few, 2);
  gw_item *all = fz_malloc(n * sizeof *all);
  size_t again = gw_section_items(t, s, all, n);
  FZ_REQUIRE(again == n, "items of #%zu: %zu, then %zu", i, n, again);
  for (size_t k = 0; k < n && k < 2; k++)
    FZ_REQUIRE(few[k].start == all[k].start && few[k].stop == all[k].stop, "item %zu of #%zu differs between calls", k, i);
  size_t prev = s->start;
  for (size_t k = 0; k < n; k++) {
    const gw_item *it = &all[k];
    fz_check_span(it->start, it->stop, s->start, s->own_stop, "item", i);
    FZ_REQUIRE(it->start <= it->marker_stop && it->marker_stop <= it->stop, "item %zu marker [%zu,%zu) outside [%zu,%zu)",
               k, it->start, it->marker_stop, it->start, it->stop);
    FZ_REQUIRE(it->start >= prev, "item %zu starts at %zu before the previous item ends (%zu)", k, it->start, prev);
    prev = it->stop;
  }
  free(few);
  free(all);
}

/* Title and body: never longer than their spans, valid UTF-8. */
FZ void fz_check_title_body(const char *t, const gw_section *s, size_t i) {
  size_t n = s->title_stop - s->title_start;
  char *out = fz_malloc(n);
  size_t m = gw_section_title(t, s, out);
  FZ_REQUIRE(m <= n && fz_is_utf8(out, m), "title of #%zu: %zu bytes from a %zu-byte span", i, m, n);
  free(out);
  n = s->stop - s->body_start;
  out = fz_malloc(n);
  m = gw_section_body(t, s, out);
  FZ_REQUIRE(m <= n && fz_is_utf8(out, m), "body of #%zu: %zu bytes from a %zu-byte span", i, m, n);
  free(out);
}

/* The tree: offsets inside the text, at character boundaries, children
 * inside their parent, siblings in order and not overlapping, the links
 * consistent with depth-first order. */
FZ void fz_check_tree(const char *t, size_t len, const gw_outline *o) {
  FZ_REQUIRE(o->nsections >= 1, "no root section");
  const gw_section *root = &o->sections[0];
  FZ_REQUIRE(root->level == 0 && root->parent == -1, "root level %d parent %d", root->level, root->parent);
  FZ_REQUIRE(root->start == 0 && root->stop == len, "root spans [%zu,%zu) of %zu", root->start, root->stop, len);
  fz_check_span(o->preamble_start, o->preamble_stop, 0, len, "preamble", 0);
  size_t line = 1, counted = 0; /* newlines counted up to byte `counted` */
  for (size_t i = 0; i < o->nsections; i++) {
    const gw_section *s = &o->sections[i];
    fz_check_span(s->start, s->stop, 0, len, "section", i);
    size_t offs[] = { s->start, s->stop, s->label_start, s->label_stop, s->title_start, s->title_stop, s->body_start,
                      s->own_stop };
    for (size_t k = 0; k < sizeof offs / sizeof *offs; k++)
      FZ_REQUIRE(fz_is_boundary(t, len, offs[k]), "offset %zu of #%zu splits a character", offs[k], i);
    FZ_REQUIRE(s->nchildren >= 0, "#%zu has %d children", i, s->nchildren);
    if (i > 0) {
      fz_check_span(s->label_start, s->label_stop, s->start, s->stop, "label", i);
      fz_check_span(s->title_start, s->title_stop, s->start, s->stop, "title", i);
      FZ_REQUIRE(s->body_start >= s->label_stop && s->body_start <= s->stop, "body of #%zu starts at %zu", i, s->body_start);
      FZ_REQUIRE(s->own_stop >= s->body_start && s->own_stop <= s->stop, "own text of #%zu ends at %zu, body [%zu,%zu)", i,
                 s->own_stop, s->body_start, s->stop);
      FZ_REQUIRE(s->first_child < 0 || s->own_stop <= o->sections[s->first_child].start,
                 "own text of #%zu ends at %zu, after its first child starts", i, s->own_stop);
      FZ_REQUIRE(s->parent >= 0 && (size_t)s->parent < i, "#%zu has parent %d", i, s->parent);
      const gw_section *p = &o->sections[s->parent];
      FZ_REQUIRE(s->level > p->level, "#%zu level %d under level %d", i, s->level, p->level);
      fz_check_span(s->start, s->stop, p->body_start, p->stop, "child", i);
      FZ_REQUIRE(s->numbered == 0 || s->numbered == 1, "#%zu numbered %d", i, s->numbered);
      FZ_REQUIRE(s->numbered || s->label_start == s->label_stop, "#%zu unnumbered with a label", i);
      FZ_REQUIRE(s->start >= o->sections[i - 1].start, "#%zu at %zu before #%zu at %zu: not depth-first", i,
                 s->start, i - 1, o->sections[i - 1].start);
      for (; counted < s->start; counted++) line += t[counted] == '\n';
      FZ_REQUIRE(s->line == line, "#%zu at byte %zu says line %zu, want %zu", i, s->start, s->line, line);
      fz_check_title_body(t, s, i);
      const char *parts[4] = { 0 };
      int np = gw_classify_part_lx(fz_lexicon(), t + s->title_start, s->title_stop - s->title_start, parts);
      FZ_REQUIRE(np >= 0 && np <= 4, "classify_part returned %d", np);
      for (int k = 0; k < np; k++) FZ_REQUIRE(parts[k] != NULL, "part %d is NULL", k);
    }
    /* Children: a linked list in order, as many as nchildren, each pointing back. */
    int n = 0;
    size_t prev_stop = s->body_start;
    for (int c = s->first_child; c != -1; c = o->sections[c].next_sibling) {
      FZ_REQUIRE(c > (int)i && (size_t)c < o->nsections && n <= s->nchildren, "#%zu child link %d", i, c);
      FZ_REQUIRE(o->sections[c].parent == (int)i, "child %d of #%zu has parent %d", c, i, o->sections[c].parent);
      FZ_REQUIRE(o->sections[c].start >= prev_stop, "child %d starts at %zu before its sibling ends (%zu)", c,
                 o->sections[c].start, prev_stop);
      prev_stop = o->sections[c].stop;
      n++;
    }
    FZ_REQUIRE(n == s->nchildren, "#%zu lists %d children, nchildren %d", i, n, s->nchildren);
    fz_check_items(t, s, i);
  }
  for (size_t k = 0; k < o->ndiags; k++) {
    FZ_REQUIRE(o->diags[k].line >= 1, "diagnostic %zu at line 0", k);
    fz_check_cstring(o->diags[k].message, sizeof o->diags[k].message, "diagnostic");
  }
}

/* gw_clean_text never grows its input and keeps it valid UTF-8. */
FZ void fz_check_clean(const char *t, size_t len) {
  char *out = fz_malloc(len);
  size_t n = gw_clean_text(t, len, out);
  FZ_REQUIRE(n <= len && fz_is_utf8(out, n), "clean_text gave %zu bytes from %zu (valid: %d)", n, len,
             n <= len && fz_is_utf8(out, n));
  free(out);
}

FZ void fz_check_outline(const char *data, size_t size) {
  size_t len;
  char *t = fz_make_text(data, size, &len);
  gw_outline o;
  gw_error err;
  memset(&o, 0, sizeof o);
  memset(&err, 0, sizeof err);
  FZ_REQUIRE(gw_outline_build(t, len, &o, &err) == 0, "outline failed: %s", err.message);
  fz_check_tree(t, len, &o);
  fz_check_clean(t, len);
  /* The outline a document caches is the same tree (the text of a document
   * is the same bytes when there is no BOM to strip). */
  gw_doc *doc;
  if (!fz_has_prefix(t, len, "\xEF\xBB\xBF") && fz_load(t, len, GW_ENC_UTF8, 0, 0, &doc, &err) == 0) {
    const gw_outline *c = gw_doc_outline(doc);
    FZ_REQUIRE(c && c->nsections == o.nsections, "document outline differs");
    for (size_t i = 0; i < o.nsections; i++)
      FZ_REQUIRE(c->sections[i].start == o.sections[i].start && c->sections[i].stop == o.sections[i].stop,
                 "document outline section %zu differs", i);
    FZ_REQUIRE(gw_doc_outline(doc) == c, "outline not cached");
    gw_doc_free(doc);
  }
  gw_outline_free(&o);
  free(t);
}

/* ------------------------------------------------------------ extraction */

FZ void fz_check_results_common(const gw_results *r, size_t size, const char *what) {
  FZ_REQUIRE(r->n <= r->cap && (r->n == 0 || r->data != NULL), "%s: %zu results, cap %zu", what, r->n, r->cap);
  FZ_REQUIRE(r->n == 0 || r->size == size, "%s: element size %zu, want %zu", what, r->size, size);
}

FZ void fz_check_quantities(const char *t, size_t len) {
  gw_results r;
  memset(&r, 0, sizeof r);
  FZ_REQUIRE(gw_extract_quantities_lx(fz_lexicon(), t, len, &r) == 0, "quantities failed");
  if (FZ_ALSO_PLAIN(len)) {
    gw_results p;
    memset(&p, 0, sizeof p);
    FZ_REQUIRE(gw_extract_quantities(t, len, &p) == 0 && p.n == r.n, "plain quantities: %zu, with lexicon %zu", p.n, r.n);
    for (size_t i = 0; i < r.n; i++)
      FZ_REQUIRE(((gw_quantity *)p.data)[i].start == ((gw_quantity *)r.data)[i].start &&
                 ((gw_quantity *)p.data)[i].stop == ((gw_quantity *)r.data)[i].stop, "plain quantity %zu differs", i);
    gw_results_free(&p);
  }
  fz_check_results_common(&r, sizeof(gw_quantity), "quantities");
  const gw_quantity *q = r.data;
  size_t prev = 0;
  for (size_t i = 0; i < r.n; i++) {
    fz_check_span(q[i].start, q[i].stop, 0, len, "quantity", i);
    fz_check_span(q[i].num_start, q[i].num_stop, q[i].start, q[i].stop, "number", i);
    fz_check_span(q[i].unit_start, q[i].unit_stop, q[i].start, q[i].stop, "unit", i);
    FZ_REQUIRE(q[i].num_start < q[i].num_stop, "quantity %zu has an empty number", i);
    if (q[i].subject_start != q[i].subject_stop)
      fz_check_span(q[i].subject_start, q[i].subject_stop, q[i].start, q[i].stop, "subject", i);
    size_t offs[] = { q[i].start, q[i].stop, q[i].num_start, q[i].num_stop, q[i].unit_start, q[i].unit_stop,
                      q[i].subject_start, q[i].subject_stop, q[i].approx_start, q[i].approx_stop };
    for (size_t k = 0; k < sizeof offs / sizeof *offs; k++)
      FZ_REQUIRE(offs[k] <= len && fz_is_boundary(t, len, offs[k]), "quantity %zu offset %zu splits a character", i, offs[k]);
    FZ_REQUIRE(q[i].start >= prev, "quantity %zu at %zu before the previous one (%zu)", i, q[i].start, prev);
    prev = q[i].start;
    FZ_REQUIRE(isfinite(q[i].value) && q[i].value >= 0, "quantity %zu value %g", i, q[i].value);
    FZ_REQUIRE(q[i].approx == (q[i].approx_start != q[i].approx_stop), "quantity %zu approx %d word [%zu,%zu)", i,
               q[i].approx, q[i].approx_start, q[i].approx_stop);
    if (q[i].approx) fz_check_span(q[i].approx_start, q[i].approx_stop, q[i].start, q[i].stop, "approx word", i);
  }
  gw_results_free(&r);
}

/* Citations and quotes: brackets at both ends, title inside, in order. */
FZ void fz_check_brackets(const char *t, size_t len, int quotes) {
  const char *open = quotes ? "\xE2\x80\x9C" : "\xE3\x80\x8A", *close = quotes ? "\xE2\x80\x9D" : "\xE3\x80\x8B";
  const char *what = quotes ? "quote" : "citation";
  size_t no = strlen(open), nc = strlen(close);
  gw_results r;
  memset(&r, 0, sizeof r);
  int rc = quotes ? gw_extract_quotes(t, len, &r) : gw_extract_citations_lx(fz_lexicon(), t, len, &r);
  if (!quotes && FZ_ALSO_PLAIN(len)) {
    gw_results p;
    memset(&p, 0, sizeof p);
    FZ_REQUIRE(gw_extract_citations(t, len, &p) == 0 && p.n == r.n, "plain citations: %zu, with lexicon %zu", p.n, r.n);
    for (size_t i = 0; i < r.n; i++) {
      const gw_citation *a = (gw_citation *)p.data + i, *b = (gw_citation *)r.data + i;
      FZ_REQUIRE(a->start == b->start && a->kind == b->kind && strcmp(a->law_name, b->law_name) == 0,
                 "plain citation %zu differs", i);
    }
    gw_results_free(&p);
  }
  FZ_REQUIRE(rc == 0, "%s extraction failed", what);
  fz_check_results_common(&r, sizeof(gw_citation), what);
  const gw_citation *c = r.data;
  size_t prev = 0;
  for (size_t i = 0; i < r.n; i++) {
    fz_check_span(c[i].start, c[i].stop, prev, len, what, i);
    FZ_REQUIRE(c[i].title_start == c[i].start + no && c[i].stop >= nc && c[i].title_stop == c[i].stop - nc &&
               c[i].title_start <= c[i].title_stop,
               "%s %zu: [%zu,%zu) title [%zu,%zu)", what, i, c[i].start, c[i].stop, c[i].title_start, c[i].title_stop);
    FZ_REQUIRE(memcmp(t + c[i].start, open, no) == 0 && memcmp(t + c[i].title_stop, close, nc) == 0,
               "%s %zu does not start and end with its brackets", what, i);
    FZ_REQUIRE(c[i].kind >= GW_CITE_LAW && c[i].kind <= GW_CITE_OTHER && gw_citation_kind_name(c[i].kind),
               "%s %zu kind %d", what, i, (int)c[i].kind);
    fz_check_cstring(c[i].law_name, sizeof c[i].law_name, "law_name");
    FZ_REQUIRE(!quotes || (c[i].kind == GW_CITE_OTHER && c[i].law_name[0] == 0), "quote %zu has a kind or law", i);
    prev = c[i].stop;
  }
  gw_results_free(&r);
}

FZ void fz_check_dates(const char *t, size_t len) {
  gw_results r;
  memset(&r, 0, sizeof r);
  FZ_REQUIRE(gw_extract_dates(t, len, &r) == 0, "dates failed");
  fz_check_results_common(&r, sizeof(gw_date), "dates");
  const gw_date *d = r.data;
  size_t prev = 0;
  for (size_t i = 0; i < r.n; i++) {
    fz_check_span(d[i].start, d[i].stop, prev, len, "date", i);
    FZ_REQUIRE(d[i].start < d[i].stop && fz_is_boundary(t, len, d[i].start) && fz_is_boundary(t, len, d[i].stop),
               "date %zu [%zu,%zu) splits a character or is empty", i, d[i].start, d[i].stop);
    FZ_REQUIRE(d[i].month >= 0 && d[i].month <= 12 && d[i].day >= 0 && d[i].day <= 31 && (d[i].day == 0 || d[i].month),
               "date %zu is %d-%d-%d", i, d[i].year, d[i].month, d[i].day);
    prev = d[i].stop;
  }
  gw_results_free(&r);
}

FZ void fz_check_meta(const char *t, size_t len) {
  gw_outline o;
  gw_error err;
  gw_meta m;
  memset(&o, 0, sizeof o);
  memset(&m, 0x55, sizeof m); /* garbage, so unfilled fields show */
  FZ_REQUIRE(gw_outline_build(t, len, &o, &err) == 0, "outline failed: %s", err.message);
  FZ_REQUIRE(gw_extract_meta_lx(fz_lexicon(), t, len, &o, &m) == 0, "meta failed");
  gw_meta nm; /* without an outline, as the binding calls it */
  FZ_REQUIRE(gw_extract_meta_lx(fz_lexicon(), t, len, NULL, &nm) == 0, "meta without outline failed");
  fz_check_cstring(nm.title, sizeof nm.title, "meta.title (no outline)");
  fz_check_cstring(nm.org, sizeof nm.org, "meta.org (no outline)");
  if (FZ_ALSO_PLAIN(len)) {
    gw_meta pm;
    FZ_REQUIRE(gw_extract_meta(t, len, &o, &pm) == 0, "plain meta failed");
    FZ_REQUIRE(strcmp(pm.title, m.title) == 0 && strcmp(pm.org, m.org) == 0 && pm.year == m.year &&
               strcmp(pm.date, m.date) == 0, "plain meta differs");
  }
  fz_check_cstring(m.title, sizeof m.title, "meta.title");
  fz_check_cstring(m.org, sizeof m.org, "meta.org");
  fz_check_cstring(m.region, sizeof m.region, "meta.region");
  fz_check_cstring(m.doc_number, sizeof m.doc_number, "meta.doc_number");
  fz_check_cstring(m.date, sizeof m.date, "meta.date");
  fz_check_cstring(m.addressee, sizeof m.addressee, "meta.addressee");
  FZ_REQUIRE(m.date[0] == 0 || (strlen(m.date) == 10 && m.date[4] == '-' && m.date[7] == '-'), "meta.date \"%s\"", m.date);
  FZ_REQUIRE(m.year >= 0 && m.year <= 9999, "meta.year %d", m.year);
  gw_outline_free(&o);
}

FZ void fz_check_extract(const char *data, size_t size) {
  size_t len;
  char *t = fz_make_text(data, size, &len);
  fz_check_quantities(t, len);
  fz_check_brackets(t, len, 0);
  fz_check_brackets(t, len, 1);
  fz_check_dates(t, len);
  fz_check_meta(t, len);
  const char *parts[4] = { 0 };
  int np = gw_classify_part_lx(fz_lexicon(), t, len, parts);
  FZ_REQUIRE(np >= 0 && np <= 4, "classify_part returned %d", np);
  if (FZ_ALSO_PLAIN(len)) FZ_REQUIRE(gw_classify_part(t, len, parts) == np, "plain classify_part differs");
  free(t);
}

/* ------------------------------------------------------------ regex */

/* Small limits, so that no input can make a match run long. */
#define FZ_MATCH_LIMIT 200000u
#define FZ_DEPTH_LIMIT 2000u
#define FZ_HEAP_KIB 4096u

FZ void fz_check_ovector(const gw_regex *re, const gw_match *m, size_t len, size_t start) {
  const size_t *ov = gw_match_ovector(m);
  int n = gw_regex_ncaptures(re);
  FZ_REQUIRE(ov[0] >= start && ov[0] <= ov[1] && ov[1] <= len, "match [%zu,%zu) from %zu in %zu bytes", ov[0], ov[1], start, len);
  for (int g = 1; g <= n; g++) {
    size_t a = ov[2 * g], b = ov[2 * g + 1];
    FZ_REQUIRE((a == GW_NOPOS && b == GW_NOPOS) || (a <= b && b <= len), "group %d at [%zu,%zu) in %zu bytes", g, a, b, len);
  }
}

/* Input: byte 0 picks flags and trust, then the pattern up to the first
 * '\n', then the subject. */
FZ void fz_check_regex(const char *data, size_t size) {
  if (size < 1) return;
  unsigned ctl = (unsigned char)data[0];
  const char *pat = data + 1, *nl = memchr(pat, '\n', size - 1);
  size_t plen = nl ? (size_t)(nl - pat) : size - 1;
  const char *subject = nl ? nl + 1 : pat + plen;
  size_t slen = (size_t)(data + size - subject);
  gw_regex_opts opts = { ctl & 0x3F, FZ_MATCH_LIMIT, FZ_DEPTH_LIMIT, FZ_HEAP_KIB };
  gw_regex *re = NULL;
  gw_error err;
  memset(&err, 0, sizeof err);
  if (gw_regex_compile(pat, plen, &opts, &re, &err) != 0) {
    FZ_REQUIRE(re == NULL, "failed compile returned a regex");
    fz_check_error(&err, plen, "compile");
    FZ_REQUIRE(err.code == GW_EPATTERN, "compile failed with %s", gw_code_name(err.code));
    return;
  }
  int ncap = gw_regex_ncaptures(re);
  FZ_REQUIRE(ncap >= 0, "ncaptures %d", ncap);
  for (int g = 1; g <= ncap; g++) {
    const char *name = gw_regex_group_name(re, g);
    FZ_REQUIRE(name == NULL || strlen(name) < 64, "group %d name", g);
  }
  /* trusted only when it is true: a lie is the caller's bug, not the core's. */
  int trusted = (ctl & 0x40) && fz_is_utf8(subject, slen);
  char *s = fz_dup(subject, slen);
  gw_match *m = gw_match_new(re);
  FZ_REQUIRE(m != NULL, "match_new failed");
  /* The iteration count, gmatch and gsub use: in order, never overlapping,
   * never the same empty match twice, and it ends. */
  long long found = 0;
  size_t pos = 0, prev_stop = 0, iter = 0;
  int rc, prev_empty_at = -1;
  while ((rc = gw_regex_next(re, m, s, slen, &pos, trusted, &err)) == 1) {
    FZ_REQUIRE(++iter <= 2 * slen + 2, "iteration does not end (%zu matches in %zu bytes)", iter, slen);
    const size_t *ov = gw_match_ovector(m);
    fz_check_ovector(re, m, slen, prev_stop);
    FZ_REQUIRE(pos == ov[1], "next left pos at %zu after match [%zu,%zu)", pos, ov[0], ov[1]);
    FZ_REQUIRE(ov[0] != ov[1] || (long long)ov[0] != prev_empty_at, "empty match at %zu twice", ov[0]);
    FZ_REQUIRE(!trusted || (fz_is_boundary(s, slen, ov[0]) && fz_is_boundary(s, slen, ov[1])),
               "match [%zu,%zu) splits a character", ov[0], ov[1]);
    prev_empty_at = ov[0] == ov[1] ? (int)ov[0] : -1;
    prev_stop = ov[1];
    found++;
  }
  if (rc == -1) {
    fz_check_error(&err, slen, "next");
    FZ_REQUIRE(err.code == GW_ELIMIT || err.code == GW_EMATCH || (!trusted && err.code == GW_EUTF8),
               "next failed with %s: %s", gw_code_name(err.code), err.message);
  } else {
    FZ_REQUIRE(rc == 0, "next returned %d", rc);
    memset(&err, 0, sizeof err);
    long long n = gw_regex_count(re, s, slen, trusted, &err);
    FZ_REQUIRE(n == found || (n == -1 && err.code == GW_ELIMIT), "count %lld, iteration %lld (%s)", n, found, err.message);
  }
  /* Plain exec from a few character boundaries, and next_start after it. */
  for (size_t start = 0; trusted && start <= slen; start += slen / 8 + 1) {
    while (!fz_is_boundary(s, slen, start)) start++;
    rc = gw_regex_exec(re, m, s, slen, start, trusted, &err);
    FZ_REQUIRE(rc >= -1 && rc <= 1, "exec returned %d", rc);
    if (rc != 1) continue;
    fz_check_ovector(re, m, slen, start);
    const size_t *ov = gw_match_ovector(m);
    size_t next = gw_regex_next_start(s, slen, ov[0], ov[1]);
    FZ_REQUIRE(next >= ov[1] && next > ov[0] - (ov[0] > 0) && (ov[0] != ov[1] || next > ov[1]) &&
               (next > slen || fz_is_boundary(s, slen, next)),
               "next start %zu after match [%zu,%zu)", next, ov[0], ov[1]);
  }
  gw_match_free(m);
  gw_regex_free(re);
  free(s);
}

#endif
