/* clean.c — the reader's text of a span: converter leftovers removed, lines
 * that a page break split mid-sentence joined, blank lines dropped, each
 * line trimmed. */
#include <string.h>
#include "gongwen.h"
#include "numbering.h"

/* Copies [p, end) to out without leftovers; returns bytes written. */
static size_t copy_without_leftovers(const char *p, const char *end, char *out) {
  size_t o = 0;
  while (p < end) {
    const char *br = memchr(p, '[', (size_t)(end - p));
    const char *stop = br ? br : end;
    memmove(out + o, p, (size_t)(stop - p));
    o += (size_t)(stop - p);
    if (!br) break;
    const char *after = gw_leftover_end(br, end);
    if (after == br) { out[o++] = '['; p = br + 1; }
    else p = after;
  }
  return o;
}

/* gw_clean_text of [p, end); `context` is where p's line really starts, so
 * that a first line cut after a run-in heading is judged as a whole line. */
static size_t clean_lines(const char *context, const char *p, const char *end, char *out) {
  size_t o = 0;
  int any = 0, join_next = 0;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *le = eol ? eol : end;
    const char *cs = gw_skip_blank(p, le), *ce = gw_trim_end(cs, le);
    const char *whole = context ? context : cs;  /* the line p starts in, whole */
    context = NULL;
    p = eol ? eol + 1 : end;
    if (cs >= ce || gw_is_file_line(cs, ce)) continue;
    gw_label l;
    int labelled = gw_label_parse(cs, (size_t)(ce - cs), 0, &l);
    if (any && !(join_next && !labelled)) out[o++] = '\n';
    size_t line_start = o;
    o += copy_without_leftovers(cs, ce, out + o);
    /* A leftover at the end may have hidden trailing blanks. */
    o = (size_t)(gw_trim_end(out + line_start, out + o) - out);
    join_next = gw_line_ends_open(whole, ce);
    any = 1;
  }
  return o;
}

size_t gw_clean_text(const char *text, size_t len, char *out) {
  return clean_lines(NULL, text, text + len, out);
}

size_t gw_section_body(const char *text, const gw_section *s, char *out) {
  if (s->stop <= s->body_start) return 0;
  const char *context = text + s->body_start;
  while (context > text && context[-1] != '\n') context--;
  return clean_lines(context, text + s->body_start, text + s->stop, out);
}

size_t gw_section_title(const char *text, const gw_section *s, char *out) {
  if (s->title_stop <= s->title_start) return 0;
  size_t n = gw_clean_text(text + s->title_start, s->title_stop - s->title_start, out);
  while (n > 0) {
    const char *last = gw_char_before(out, out + n);
    size_t k;
    unsigned c = gw_char_at(last, out + n, &k);
    if (!gw_is_sentence_end(c) && !gw_is_clause_end(c) && !gw_is_blank(c)) break;
    n = (size_t)(last - out);
  }
  return n;
}
