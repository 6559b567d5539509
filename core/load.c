/* load.c — bytes to a document: read a file, stdin or memory once, gunzip
 * when the data starts with the gzip magic, decode (UTF-8 check or GB18030
 * via iconv), then strip a BOM and turn CRLF / lone CR into LF in place.
 * Every failure fills a gw_error whose message names the input and, for bad
 * bytes, the 1-based line, column and byte offset in the original input. */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "bigarray.h"
#include "doc_internal.h"
#include "utf8_impl.h"

/* ------------------------------------------------------------ errors */

static int fail(gw_error *err, gw_code code, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(gw_error *err, gw_code code, const char *name, const char *fmt, ...) {
  err->code = code;
  err->offset = GW_NOPOS;
  err->line = err->column = 0;
  int n = snprintf(err->message, sizeof err->message, "%s: ", name);
  if (n < 0 || (size_t)n >= sizeof err->message) return code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message + n, sizeof err->message - (size_t)n, fmt, ap);
  va_end(ap);
  return code;
}

/* A failure at a byte of the input: "name:line:col (byte N): what". */
static int fail_at(gw_error *err, gw_code code, const char *name, size_t offset, size_t line,
                   size_t column, const char *what) {
  err->code = code;
  err->offset = offset;
  err->line = line;
  err->column = column;
  snprintf(err->message, sizeof err->message, "%s:%zu:%zu (byte %zu): %s", name, line, column,
           offset + 1, what);
  return code;
}

static int fail_errno(gw_error *err, int e, const char *name) {
  char buf[128];
  const char *msg = strerror_r(e, buf, sizeof buf); /* GNU strerror_r */
  gw_code code = (e == ENOENT || e == ENOTDIR) ? GW_ENOENT : e == EISDIR ? GW_EISDIR
               : e == ENOMEM ? GW_ENOMEM : GW_EIO;
  return fail(err, code, name, "%s", msg);
}

static int fail_nomem(gw_error *err, const char *name, size_t bytes) {
  return fail(err, GW_ENOMEM, name, "out of memory (needed %zu bytes)", bytes);
}

/* Line and column of byte `offset` of raw input s (valid UTF-8 or, for
 * GB18030, its conversion) as they will be after normalising: a leading BOM
 * takes no column, and CRLF, lone CR and LF each end one line. */
static void input_position(const char *s, size_t len, size_t offset, size_t *line,
                           size_t *column) {
  size_t breaks = 0, start = 0;
  for (const char *p = s, *end = s + offset; p < end; p++) {
    p = memchr(p, '\n', (size_t)(end - p));
    if (!p) break;
    breaks++;
    start = (size_t)(p - s) + 1;
  }
  for (const char *p = s, *end = s + offset; p < end; p++) {
    p = memchr(p, '\r', (size_t)(end - p));
    if (!p) break;
    size_t i = (size_t)(p - s);
    if (i + 1 < len && s[i + 1] == '\n') continue; /* counted with its LF */
    breaks++;
    if (i + 1 > start) start = i + 1;
  }
  if (start == 0 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 && offset >= 3) start = 3;
  *line = breaks + 1;
  *column = gw_utf8_count(s + start, offset - start) + 1;
}

/* ------------------------------------------------------------ reading */

/* Reads fd to its end into a new buffer with one spare byte for a NUL.
 * expect: the size fstat gave (0 for pipes), so a regular file is read with
 * one allocation and one read() call (plus the one that sees EOF). */
static int read_fd(int fd, size_t expect, size_t max, const char *name, char **out,
                   size_t *outlen, gw_error *err) {
  size_t cap = (expect ? expect : 65536) + 2, len = 0;
  if (cap > max + 2) cap = max + 2;
  char *buf = malloc(cap);
  if (!buf) return fail_nomem(err, name, cap);
  for (;;) {
    if (len == cap - 1) { /* full: grow, up to max + 1 bytes to detect "too large" */
      if (len > max) {
        free(buf);
        return fail(err, GW_ETOOLARGE, name, "input is larger than max_bytes (%zu bytes)", max);
      }
      size_t ncap = cap > (SIZE_MAX - 2) / 2 ? SIZE_MAX : cap * 2;
      if (ncap > max + 2) ncap = max + 2;
      char *nbuf = realloc(buf, ncap);
      if (!nbuf) { free(buf); return fail_nomem(err, name, ncap); }
      buf = nbuf;
      cap = ncap;
    }
    ssize_t n = read(fd, buf + len, cap - 1 - len);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      free(buf);
      return fail_errno(err, e, name);
    }
    if (n == 0) break;
    len += (size_t)n;
    /* A regular file that gave exactly its fstat size in a shorter read
     * than asked for is at its end: no second read() to see EOF. */
    if (expect && len == expect && (size_t)n < cap - 1 - (len - (size_t)n)) break;
  }
  if (len > max) {
    free(buf);
    return fail(err, GW_ETOOLARGE, name, "input is larger than max_bytes (%zu bytes)", max);
  }
  *out = buf;
  *outlen = len;
  return 0;
}

/* ------------------------------------------------------------ gzip */

static int is_gzip(const char *s, size_t len) {
  return len >= 2 && (unsigned char)s[0] == 0x1F && (unsigned char)s[1] == 0x8B;
}

static int all_zero(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i]) return 0;
  return 1;
}

/* First guess of the inflated size: the gzip trailer's ISIZE (size mod 2^32),
 * bounded by deflate's best ratio (1032:1) so a corrupt trailer costs nothing. */
static size_t inflated_size_hint(const unsigned char *in, size_t inlen, size_t max) {
  size_t hint = inlen * 4;
  if (inlen >= 18) {
    const unsigned char *t = in + inlen - 4;
    size_t isize = (size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 | (size_t)t[3] << 24;
    size_t bound = inlen > SIZE_MAX / 1032 ? SIZE_MAX : inlen * 1032;
    if (isize <= bound) hint = isize;
  }
  if (hint > max) hint = max;
  return hint < 64 ? 64 : hint;
}

/* Inflates gzip data (one or more members) into a new buffer with a spare
 * byte for a NUL; more than max bytes of output is GW_ETOOLARGE. */
static int gunzip(const char *data, size_t inlen, size_t max, const char *name, char **out,
                  size_t *outlen, gw_error *err) {
  const unsigned char *in = (const unsigned char *)data;
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return fail_nomem(err, name, sizeof zs);
  size_t cap = inflated_size_hint(in, inlen, max) + 2, inpos = 0, outpos = 0;
  char *buf = malloc(cap);
  int code = 0;
  if (!buf) { inflateEnd(&zs); return fail_nomem(err, name, cap); }
  for (;;) {
    if (zs.avail_in == 0 && inpos < inlen) {
      size_t chunk = inlen - inpos < UINT_MAX ? inlen - inpos : UINT_MAX;
      zs.next_in = (unsigned char *)(uintptr_t)(in + inpos);
      zs.avail_in = (uInt)chunk;
      inpos += chunk;
    }
    if (outpos == cap - 1) {
      size_t ncap = cap > (SIZE_MAX - 2) / 2 ? SIZE_MAX : cap * 2;
      if (ncap > max + 2) ncap = max + 2;
      char *nbuf = realloc(buf, ncap);
      if (!nbuf) { code = fail_nomem(err, name, ncap); break; }
      buf = nbuf;
      cap = ncap;
    }
    size_t room = cap - 1 - outpos;
    zs.next_out = (unsigned char *)buf + outpos;
    zs.avail_out = room < UINT_MAX ? (uInt)room : UINT_MAX;
    int rc = inflate(&zs, Z_NO_FLUSH);
    outpos = (size_t)((char *)zs.next_out - buf);
    if (outpos > max) {
      code = fail(err, GW_ETOOLARGE, name,
                  "gzip data inflates to more than max_bytes (%zu bytes)", max);
      break;
    }
    if (rc == Z_STREAM_END) {
      size_t rest = inlen - (inpos - zs.avail_in);
      const unsigned char *p = in + (inlen - rest);
      if (rest == 0 || all_zero(p, rest)) break;
      if (is_gzip((const char *)p, rest)) { inflateReset(&zs); continue; }
      code = fail(err, GW_EGZIP, name, "corrupt gzip data (trailing garbage at byte %zu)",
                  inlen - rest + 1);
      break;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_out == 0) continue; /* out of room: grow */
    if (rc == Z_BUF_ERROR) { /* no progress possible: the input ended too soon */
      code = fail(err, GW_ETRUNCATED, name, "truncated gzip data (input ends after %zu bytes)",
                  inlen);
      break;
    }
    if (rc == Z_MEM_ERROR) { code = fail_nomem(err, name, 0); break; }
    code = fail(err, GW_EGZIP, name, "corrupt gzip data (%s, at byte %zu)",
                zs.msg ? zs.msg : "bad stream", inpos - zs.avail_in + 1);
    break;
  }
  inflateEnd(&zs);
  if (code) { free(buf); return code; }
  *out = buf;
  *outlen = outpos;
  return 0;
}

/* ------------------------------------------------------------ UTF-8 */

/* Length of the maximal ill-formed subpart starting at s[0] (known bad):
 * the lead byte plus the continuation bytes that could still have been part
 * of a valid sequence.  Each such subpart becomes one U+FFFD, as in WHATWG
 * and Python's "replace". */
static size_t bad_length(const unsigned char *s, size_t n, const char **why) {
  unsigned char c = s[0];
  if (c >= 0x80 && c < 0xC0) { *why = "unexpected continuation byte"; return 1; }
  if (c == 0xC0 || c == 0xC1) { *why = "overlong encoding"; return 1; }
  if (c >= 0xF5 && c <= 0xF7) { *why = "code point above U+10FFFF"; return 1; }
  if (c >= 0xF8) { *why = "byte never used in UTF-8"; return 1; }
  size_t need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  unsigned char lo = 0x80, hi = 0xBF;
  const char *range_why = "invalid continuation byte";
  if (c == 0xE0) { lo = 0xA0; range_why = "overlong encoding"; }
  else if (c == 0xED) { hi = 0x9F; range_why = "surrogate (U+D800..U+DFFF)"; }
  else if (c == 0xF0) { lo = 0x90; range_why = "overlong encoding"; }
  else if (c == 0xF4) { hi = 0x8F; range_why = "code point above U+10FFFF"; }
  size_t k = 1;
  if (n > 1 && s[1] >= lo && s[1] <= hi) {
    k = 2;
    while (k < need && k < n && (s[k] & 0xC0) == 0x80) k++;
  } else if (n > 1 && (s[1] & 0xC0) == 0x80) {
    *why = range_why;
    return 1;
  }
  *why = k == n ? "truncated sequence at end of input" : "invalid continuation byte";
  return k;
}

static int fail_utf8(gw_error *err, const char *name, const char *s, size_t len, size_t bad) {
  const char *why;
  bad_length((const unsigned char *)s + bad, len - bad, &why);
  char what[128];
  snprintf(what, sizeof what, "invalid UTF-8 byte 0x%02X (%s)", (unsigned char)s[bad], why);
  size_t line, column;
  input_position(s, len, bad, &line, &column);
  return fail_at(err, GW_EUTF8, name, bad, line, column, what);
}

/* Copies s to out (when out is not NULL) with each maximal ill-formed
 * subpart replaced by U+FFFD; returns the output length, *count the number
 * of replacements.  Valid runs are found with the fast validator. */
static size_t replace_invalid(const char *s, size_t len, char *out, size_t *count) {
  size_t i = 0, o = 0, n = 0;
  while (i < len) {
    size_t ok = gw_utf8_validate(s + i, len - i);
    if (out) memcpy(out + o, s + i, ok);
    i += ok;
    o += ok;
    if (i == len) break;
    const char *why;
    i += bad_length((const unsigned char *)s + i, len - i, &why);
    if (out) memcpy(out + o, "\xEF\xBF\xBD", 3);
    o += 3;
    n++;
  }
  *count = n;
  return o;
}

/* ------------------------------------------------------------ GB18030 */

/* Converts GB18030 (a superset of GBK and GB2312) to UTF-8 in a new buffer.
 * replace: bad bytes become U+FFFD (counted in *replaced) instead of failing. */
static int from_gb18030(const char *s, size_t len, int replace, const char *name, char **out,
                        size_t *outlen, size_t *replaced, gw_error *err) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == (iconv_t)-1) {
    char buf[128];
    return fail(err, GW_EDECODE, name, "GB18030 conversion is not available (%s)",
                strerror_r(errno, buf, sizeof buf));
  }
  size_t cap = len + len / 2 + 16, n = 0;
  char *buf = malloc(cap);
  int code = 0;
  if (!buf) { iconv_close(cd); return fail_nomem(err, name, cap); }
  char *in = (char *)(uintptr_t)s;
  size_t inleft = len;
  char *o = buf;
  size_t oleft = cap - 1; /* spare byte for the NUL */
  while (inleft > 0) {
    if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1) break;
    int e = errno;
    if (e == E2BIG || (replace && oleft < 3)) { /* room for the output or a U+FFFD */
      size_t used = (size_t)(o - buf), ncap = cap * 2;
      char *nbuf = realloc(buf, ncap);
      if (!nbuf) { code = fail_nomem(err, name, ncap); break; }
      buf = nbuf;
      cap = ncap;
      o = buf + used;
      oleft = cap - 1 - used;
      continue;
    }
    if (e != EILSEQ && e != EINVAL) { code = fail_errno(err, e, name); break; }
    if (replace) {
      memcpy(o, "\xEF\xBF\xBD", 3);
      o += 3;
      oleft -= 3;
      n++;
      size_t skip = e == EINVAL ? inleft : 1; /* an incomplete tail is one bad sequence */
      in += skip;
      inleft -= skip;
      iconv(cd, NULL, NULL, NULL, NULL);
      continue;
    }
    size_t bad = (size_t)(in - s), line, column;
    input_position(buf, (size_t)(o - buf), (size_t)(o - buf), &line, &column);
    char what[96];
    if (e == EINVAL)
      snprintf(what, sizeof what, "truncated GB18030 sequence at end of input");
    else
      snprintf(what, sizeof what, "invalid GB18030 byte 0x%02X", (unsigned char)*in);
    code = fail_at(err, GW_EDECODE, name, bad, line, column, what);
    break;
  }
  iconv_close(cd);
  if (code) { free(buf); return code; }
  *out = buf;
  *outlen = (size_t)(o - buf);
  *replaced = n;
  return 0;
}

/* ------------------------------------------------------------ normalising */

/* Copies [s, s+len) to dst turning CRLF and lone CR into LF; returns the new
 * length.  dst may equal s (in place: the text only shrinks). */
static size_t normalise_newlines(char *dst, const char *s, size_t len) {
  size_t o = 0, i = 0;
  while (i < len) {
    const char *cr = memchr(s + i, '\r', len - i);
    size_t run = cr ? (size_t)(cr - (s + i)) : len - i;
    if (dst + o != s + i) memmove(dst + o, s + i, run);
    o += run;
    i += run;
    if (!cr) break;
    dst[o++] = '\n';
    i++;
    if (i < len && s[i] == '\n') i++;
  }
  return o;
}

static int has_bom(const char *s, size_t len) {
  return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

/* ------------------------------------------------------------ line index */

/* For a large text the validating pass also notes where each line starts:
 * the outline and positions in the document then need no second pass over
 * memory (on a 256 MiB file the outline's own search for line ends took
 * ~20 ms; noting them while validating costs ~8 ms, mostly the index's
 * fresh pages). */
#define INDEX_MIN_BYTES ((size_t)1 << 20)
#define INDEX_MIN_LINE 32  /* shorter lines on average: no index (8 bytes a line) */

typedef struct line_index { size_t *starts, n; } line_index;

/* gw_utf8_scan, which also fills x for a large valid text without CRs (the
 * offsets would change when CRs go). */
static size_t scan_utf8(const char *s, size_t len, size_t *first_nul, int *has_cr, line_index *x) {
  size_t *at = NULL, cap = 0;
  if (len < INDEX_MIN_BYTES ||
      gw_big_reserve((void **)&at, &cap, len / INDEX_MIN_LINE + 2, sizeof *at))
    return gw_utf8_scan(s, len, first_nul, has_cr);
  at[0] = 0;
  gw_lf_sink lfs = {at + 1, 0, cap - 1, has_bom(s, len) ? 3 : 0};
  size_t valid = gw_utf8_scan_lines(s, len, first_nul, has_cr, &lfs);
  if (valid < len || *first_nul < len || *has_cr || lfs.n > lfs.cap) {
    gw_big_free(at);
  } else {
    x->starts = at;
    x->n = lfs.n + 1;
  }
  return valid;
}

/* ------------------------------------------------------------ building */

/* Where the bytes are: owned (malloc'd with a spare byte, or a private file
 * mapping; released by us) or borrowed (the caller's memory, copied once
 * while normalising). */
typedef struct bytes {
  const char *data;
  size_t len;
  char *owned;    /* == data when owned, else NULL */
  size_t map_len; /* > 0 when owned is a mapping of that many bytes */
} bytes;

static void bytes_release(bytes *b) {
  if (b->owned && b->map_len) munmap(b->owned, b->map_len);
  else free(b->owned);
  b->owned = NULL;
  b->map_len = 0;
}

static void bytes_own(bytes *b, char *buf, size_t len) {
  bytes_release(b);
  b->data = b->owned = buf;
  b->len = len;
}

static int fail_nul(gw_error *err, const char *name, const char *s, size_t len, size_t off) {
  size_t line, column;
  input_position(s, len, off, &line, &column);
  return fail_at(err, GW_ENUL, name, off, line, column, "NUL byte (binary data?)");
}

/* Decodes b into valid UTF-8 (still with its BOM and CRs), per opts.
 * *has_cr: 0 when the text is known to have no CR. */
static int decode(bytes *b, const gw_load_opts *opts, const char *name, const char **encoding,
                  size_t *replaced, int *has_cr, line_index *lines, gw_error *err) {
  gw_encoding enc = opts ? opts->encoding : GW_ENC_UTF8;
  int replace = opts && opts->replace_invalid;
  *encoding = "utf-8";
  *replaced = 0;
  *has_cr = 1;
  if (enc != GW_ENC_GB18030) {
    /* One pass: validity, the first NUL and whether there are CRs. */
    size_t first_nul, bad = scan_utf8(b->data, b->len, &first_nul, has_cr, lines);
    if (first_nul < bad) return fail_nul(err, name, b->data, b->len, first_nul);
    if (bad == b->len) return 0;
    *has_cr = 1;
    const char *nul = memchr(b->data + bad, 0, b->len - bad);
    if (enc == GW_ENC_AUTO && !nul) {
      char *buf = NULL;
      size_t len = 0;
      gw_error ignored;
      if (from_gb18030(b->data, b->len, 0, name, &buf, &len, replaced, &ignored) == 0) {
        bytes_own(b, buf, len);
        *encoding = "gb18030";
        return 0;
      }
    }
    if (!replace) return fail_utf8(err, name, b->data, b->len, bad);
    /* The column is approximate here: bad bytes before the NUL count as characters. */
    if (nul) return fail_nul(err, name, b->data, b->len, (size_t)(nul - b->data));
    size_t n = replace_invalid(b->data, b->len, NULL, replaced);
    char *buf = malloc(n + 1);
    if (!buf) return fail_nomem(err, name, n + 1);
    replace_invalid(b->data, b->len, buf, replaced);
    bytes_own(b, buf, n);
    return 0;
  }
  /* 0x00 is never inside a GB18030 sequence: convert up to the first NUL,
   * so the first problem is the one reported. */
  const char *nul = memchr(b->data, 0, b->len);
  size_t upto = nul ? (size_t)(nul - b->data) : b->len;
  char *buf = NULL;
  size_t len = 0;
  int code = from_gb18030(b->data, upto, replace, name, &buf, &len, replaced, err);
  if (code) return code;
  if (nul) {
    size_t line, column; /* counted in the converted prefix: columns are characters */
    input_position(buf, len, len, &line, &column);
    free(buf);
    return fail_at(err, GW_ENUL, name, upto, line, column, "NUL byte (binary data?)");
  }
  bytes_own(b, buf, len);
  *encoding = "gb18030";
  return 0;
}

/* Takes b (releasing what it owns on every path) and makes the document.
 * Owned bytes become the document's text in place; borrowed ones are
 * copied once, normalised on the way. */
static int build_doc(bytes *b, const char *name, const char *path, const gw_load_opts *opts,
                     gw_doc **out, gw_error *err) {
  int code;
  const char *encoding;
  size_t replaced, input_bytes = b->len;
  int has_cr;
  line_index lines = {NULL, 0};
  gw_doc *doc = NULL;
  if (b->len == 0) {
    code = fail(err, GW_EEMPTY, name, path ? "empty file" : "empty input");
    goto done;
  }
  if ((code = decode(b, opts, name, &encoding, &replaced, &has_cr, &lines, err)) != 0) goto done;
  size_t skip = has_bom(b->data, b->len) ? 3 : 0;
  if (b->len == skip) {
    code = fail(err, GW_EEMPTY, name, "empty %s (only a byte-order mark)", path ? "file" : "input");
    goto done;
  }
  /* One allocation for the document and its name and path strings. */
  size_t name_size = strlen(name) + 1, path_size = path ? strlen(path) + 1 : 0;
  if (!(doc = malloc(sizeof *doc + name_size + path_size))) { /* calloc skips the tcache */
    code = fail_nomem(err, name, sizeof *doc + name_size + path_size);
    goto done;
  }
  memset(doc, 0, sizeof *doc);
  doc->name = memcpy((char *)(doc + 1), name, name_size);
  if (path) doc->path = memcpy(doc->name + name_size, path, path_size);
  char *dst;
  if (b->owned) {
    doc->buf = b->owned;
    doc->map_len = b->map_len;
    b->owned = NULL;
    dst = doc->buf + skip;
  } else {
    dst = doc->buf = malloc(b->len - skip + 1);
  }
  if (!doc->buf) {
    code = fail_nomem(err, name, b->len);
    goto done;
  }
  size_t len = b->len - skip;
  if (doc->map_len && has_cr && mprotect(doc->buf, doc->map_len, PROT_READ | PROT_WRITE) != 0) {
    code = fail_errno(err, errno, name);
    goto done;
  }
  doc->len = len;
  if (has_cr) doc->len = normalise_newlines(dst, b->data + skip, len);
  else if (dst != b->data + skip) memcpy(dst, b->data + skip, len);
  if (!doc->map_len || dst[doc->len] != '\0') dst[doc->len] = '\0'; /* a mapping ends in zeros */
  doc->text = dst;
  doc->encoding = encoding;
  doc->input_bytes = input_bytes;
  doc->replaced = replaced;
  doc->nchars = GW_UNKNOWN;
  if (lines.starts) { /* only for a text without CRs: its offsets stay */
    doc->line_starts = lines.starts;
    doc->nlines = lines.n;
    lines.starts = NULL;
  }
  *out = doc;
  doc = NULL;
done:
  gw_big_free(lines.starts);
  gw_doc_free(doc);
  bytes_release(b);
  return code;
}

/* The limit, kept far enough from SIZE_MAX that max + 2 cannot overflow. */
static size_t max_bytes(const gw_load_opts *opts) {
  size_t max = opts && opts->max_bytes ? opts->max_bytes : GW_DEFAULT_MAX_BYTES;
  return max < SIZE_MAX / 2 ? max : SIZE_MAX / 2;
}

/* Replaces b's content by its inflation when it starts with the gzip magic. */
static int maybe_gunzip(bytes *b, size_t max, const char *name, gw_error *err) {
  if (!is_gzip(b->data, b->len)) return 0;
  char *buf = NULL;
  size_t len = 0;
  int code = gunzip(b->data, b->len, max, name, &buf, &len, err);
  if (code) return code;
  bytes_own(b, buf, len);
  return 0;
}

int gw_doc_from_memory(const char *data, size_t len, const gw_load_opts *opts, gw_doc **out,
                       gw_error *err) {
  const char *name = opts && opts->name ? opts->name : "<string>";
  size_t max = max_bytes(opts);
  *out = NULL;
  if (len > max)
    return fail(err, GW_ETOOLARGE, name, "input is %zu bytes, more than max_bytes (%zu)", len,
                max);
  bytes b = {data, len, NULL, 0};
  int code = maybe_gunzip(&b, max, name, err);
  if (code) { bytes_release(&b); return code; }
  return build_doc(&b, name, NULL, opts, out, err);
}

/* ------------------------------------------------------------ files */

/* Large files are mapped rather than read: on fresh memory, read() spends
 * most of its time in page faults, a populated private mapping of the page
 * cache does not. */
#define MAP_MIN_BYTES ((size_t)1 << 20)
#ifndef MAP_POPULATE
#define MAP_POPULATE 0
#endif

static int map_file(int fd, size_t size, bytes *b) {
  if (size < MAP_MIN_BYTES) return -1;
  long page = sysconf(_SC_PAGESIZE);
  if (page <= 0) return -1;
  /* The text must be followed by a NUL: reserve one page more than the file
   * (anonymous, so it reads as zeros) and map the file over its start.
   * Read-only: populating a writable private mapping would copy every page.
   * build_doc makes it writable when there are CRs to remove. */
  size_t map_len = size + (size_t)page;
  void *p = mmap(NULL, map_len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return -1;
  struct stat st; /* changed since the first fstat: read it instead */
  if (mmap(p, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0) == MAP_FAILED ||
      fstat(fd, &st) != 0 || (uintmax_t)st.st_size != size) {
    munmap(p, map_len);
    return -1;
  }
  bytes_release(b);
  b->data = b->owned = p;
  b->len = size;
  b->map_len = map_len;
  return 0;
}

static int clear_nonblock(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1 ? -1 : 0;
}

/* Reads path (or stdin for "-") into b. */
static int read_input(const char *path, size_t max, const char *name, bytes *b, gw_error *err) {
  char *buf = NULL;
  size_t len = 0;
  if (strcmp(path, "-") == 0) {
    int code = read_fd(STDIN_FILENO, 0, max, name, &buf, &len, err);
    if (code == 0) bytes_own(b, buf, len);
    return code;
  }
  /* O_NONBLOCK: opening a FIFO nobody writes to must not hang; reads block
   * again below (a FIFO without a writer then reads as empty).  The flag
   * means nothing to regular files, so the common case skips two fcntl(). */
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return fail_errno(err, errno, name);
  struct stat st;
  int code = 0;
  if (fstat(fd, &st) != 0 || (!S_ISREG(st.st_mode) && clear_nonblock(fd) != 0))
    code = fail_errno(err, errno, name);
  else if (S_ISDIR(st.st_mode)) code = fail(err, GW_EISDIR, name, "is a directory");
  else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max)
    code = fail(err, GW_ETOOLARGE, name, "file is %jd bytes, more than max_bytes (%zu)",
                (intmax_t)st.st_size, max);
  else if (!S_ISREG(st.st_mode) || map_file(fd, (size_t)st.st_size, b) != 0) {
    code = read_fd(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, max, name, &buf, &len, err);
    if (code == 0) bytes_own(b, buf, len);
  }
  close(fd);
  return code;
}

int gw_doc_open(const char *path, const gw_load_opts *opts, gw_doc **out, gw_error *err) {
  const char *name = opts && opts->name ? opts->name
                   : strcmp(path, "-") == 0 ? "<stdin>" : path;
  size_t max = max_bytes(opts);
  bytes b = {NULL, 0, NULL, 0};
  *out = NULL;
  int code = read_input(path, max, name, &b, err);
  if (code == 0) code = maybe_gunzip(&b, max, name, err);
  if (code) { bytes_release(&b); return code; }
  return build_doc(&b, name, path, opts, out, err);
}

void gw_doc_free(gw_doc *doc) {
  if (!doc) return;
  if (doc->outline && doc->outline_free) doc->outline_free(doc->outline);
  gw_big_free(doc->line_starts);
  if (doc->map_len) munmap(doc->buf, doc->map_len);
  else free(doc->buf);
  free(doc); /* name and path live in the same allocation */
}
