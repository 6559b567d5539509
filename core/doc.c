/* doc.c — positions in a document: the lazily built line index, byte offset
 * <-> (line, column), character counts, and the names of error codes. */
#include <stdlib.h>
#include <string.h>
#include "bigarray.h"
#include "doc_internal.h"

const char *gw_code_name(gw_code code) {
  static const char *const names[] = {
    "ok", "not_found", "is_directory", "io", "empty", "nul_byte", "invalid_utf8",
    "decode", "gzip", "truncated", "too_large", "no_memory", "pattern", "limit",
    "match", "argument"};
  if ((size_t)code < sizeof names / sizeof names[0]) return names[code];
  return "unknown";
}

/* Number of LF bytes in [s, s+n); *last gets the offset just past the last one (or 0). */
static size_t count_newlines(const char *s, size_t n, size_t *last) {
  size_t count = 0, after = 0;
  const char *p = s, *end = s + n;
  while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    count++;
    after = (size_t)(++p - s);
  }
  if (last) *last = after;
  return count;
}

void gw_text_position(const char *text, size_t len, size_t offset, size_t *line, size_t *column) {
  if (offset > len) offset = len;
  size_t start;
  size_t n = count_newlines(text, offset, &start);
  if (line) *line = n + 1;
  if (column) *column = gw_utf8_count(text + start, offset - start) + 1;
}

int gw_doc_index_lines(gw_doc *doc) {
  if (doc->line_starts) return 0;
  size_t n = count_newlines(doc->text, doc->len, NULL) + 1, cap = 0;
  size_t *starts = NULL;
  if (gw_big_reserve((void **)&starts, &cap, n, sizeof *starts)) return -1;
  size_t k = 0;
  starts[k++] = 0;
  const char *p = doc->text, *end = doc->text + doc->len;
  while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL)
    starts[k++] = (size_t)(++p - doc->text);
  doc->line_starts = starts;
  doc->nlines = k;
  return 0;
}

size_t gw_doc_line_count(const gw_doc *cdoc) {
  gw_doc *doc = (gw_doc *)cdoc; /* the index is a cache */
  if (doc->len == 0) return 0;
  size_t n;
  if (gw_doc_index_lines(doc) == 0) n = doc->nlines;
  else n = count_newlines(doc->text, doc->len, NULL) + 1;
  /* A final LF ends the last line rather than starting an empty one. */
  return doc->text[doc->len - 1] == '\n' ? n - 1 : n;
}

void gw_doc_position(const gw_doc *cdoc, size_t offset, size_t *line, size_t *column) {
  gw_doc *doc = (gw_doc *)cdoc;
  if (offset > doc->len) offset = doc->len;
  if (gw_doc_index_lines(doc) != 0) {
    gw_text_position(doc->text, doc->len, offset, line, column);
    return;
  }
  /* Last line start <= offset. */
  size_t lo = 0, hi = doc->nlines; /* starts[lo] <= offset < starts[hi] */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->line_starts[mid] <= offset) lo = mid;
    else hi = mid;
  }
  size_t start = doc->line_starts[lo];
  if (line) *line = lo + 1;
  if (column) *column = gw_utf8_count(doc->text + start, offset - start) + 1;
}

size_t gw_doc_line_start(const gw_doc *cdoc, size_t line) {
  gw_doc *doc = (gw_doc *)cdoc;
  if (line <= 1) return 0;
  if (gw_doc_index_lines(doc) != 0) {
    /* Out of memory for the index: walk the text instead. */
    const char *p = doc->text, *end = doc->text + doc->len;
    for (size_t l = 1; l < line; l++) {
      p = memchr(p, '\n', (size_t)(end - p));
      if (!p) return doc->len;
      p++;
    }
    return (size_t)(p - doc->text);
  }
  return line <= doc->nlines ? doc->line_starts[line - 1] : doc->len;
}

size_t gw_doc_chars(const gw_doc *cdoc) {
  gw_doc *doc = (gw_doc *)cdoc;
  if (doc->nchars == GW_UNKNOWN) doc->nchars = gw_utf8_count(doc->text, doc->len);
  return doc->nchars;
}

const char *gw_doc_text(const gw_doc *doc, size_t *len) {
  if (len) *len = doc->len;
  return doc->text;
}
const char *gw_doc_name(const gw_doc *doc) { return doc->name; }
const char *gw_doc_path(const gw_doc *doc) { return doc->path; }
const char *gw_doc_encoding(const gw_doc *doc) { return doc->encoding; }
size_t gw_doc_input_bytes(const gw_doc *doc) { return doc->input_bytes; }
size_t gw_doc_replaced(const gw_doc *doc) { return doc->replaced; }
