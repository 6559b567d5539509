/* regex.c — PCRE2 patterns for the core: compile (UTF + UCP, JIT), match
 * limits through a match context, per-call match state, and the iteration
 * step that advances past empty matches by whole characters. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "gongwen.h"

/* The smallest JIT stack worth allocating when PCRE2's 32 KiB default on the
 * machine stack runs out; it then grows up to the heap limit. */
#define JIT_STACK_START (64u * 1024u)
#define PATTERN_SHOWN 60 /* bytes of the pattern quoted in messages */

struct gw_regex {
  pcre2_code *code;
  pcre2_code *twin;          /* the same without UCP, when only \d and \D differ */
  pcre2_match_context *mctx; /* limits; shared read-only by every gw_match */
  gw_regex_opts opts;        /* with the defaults filled in */
  int ncaptures;
  int jit;
  uint32_t max_lookbehind;   /* characters PCRE2 may inspect before the start */
  char **names;              /* ncaptures + 1 entries, NULL for unnamed groups */
  char *pattern;             /* copy for messages */
  size_t pattern_len;
};

struct gw_match {
  pcre2_match_data *md;
  pcre2_match_context *mctx; /* own copy once a bigger JIT stack is attached */
  pcre2_jit_stack *stack;
  /* An unchecked subject that PCRE2 already validated from checked_from on,
   * so that an iteration checks it once and not once per match. */
  const char *checked;
  size_t checked_len, checked_from;
  /* Iteration state: where the last step left off, and whether its match
   * was empty; a call that does not continue from there starts afresh. */
  const char *iter_subject;
  size_t iter_pos;
  int after_empty;
};

/* ---------------------------------------------------------------- flags */

int gw_regex_parse_flags(const char *s, uint32_t *flags, size_t *bad) {
  static const char letters[] = "imsxUa";
  *flags = 0;
  for (size_t i = 0; s && s[i]; i++) {
    const char *p = strchr(letters, s[i]);
    if (!p) {
      if (bad) *bad = i;
      return -1;
    }
    *flags |= 1u << (p - letters);
  }
  return 0;
}

static uint32_t compile_options(uint32_t flags) {
  /* \C could split a character; ALT_CIRCUMFLEX: (?m)^ also matches after a
   * final newline, as in Python and ripgrep. */
  uint32_t o = PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C | PCRE2_ALT_CIRCUMFLEX;
  if (!(flags & GW_RX_ASCII)) o |= PCRE2_UCP;
  if (flags & GW_RX_CASELESS) o |= PCRE2_CASELESS;
  if (flags & GW_RX_MULTILINE) o |= PCRE2_MULTILINE;
  if (flags & GW_RX_DOTALL) o |= PCRE2_DOTALL;
  if (flags & GW_RX_EXTENDED) o |= PCRE2_EXTENDED;
  if (flags & GW_RX_UNGREEDY) o |= PCRE2_UNGREEDY;
  return o;
}

/* ---------------------------------------------------------------- errors */

static void set_error(gw_error *err, gw_code code, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set_error(gw_error *err, gw_code code, size_t offset, const char *fmt, ...) {
  if (!err) return;
  va_list ap;
  va_start(ap, fmt);
  err->code = code;
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  err->offset = offset;
  err->line = 0;
  err->column = 0;
}

/* Length of a prefix of p of at most max bytes that does not cut a character. */
static int shown_length(const char *p, size_t len) {
  if (len <= PATTERN_SHOWN) return (int)len;
  size_t n = PATTERN_SHOWN;
  while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80) n--;
  return (int)n;
}

static const char *ellipsis(size_t len) { return len > PATTERN_SHOWN ? "..." : ""; }

static size_t count_chars(const char *s, size_t n) {
  size_t chars = 0;
  for (size_t i = 0; i < n; i++) chars += ((unsigned char)s[i] & 0xC0) != 0x80;
  return chars;
}

/* ---------------------------------------------------------------- compile */

/* Names of the capture groups, from PCRE2's name table. */
static int load_names(gw_regex *re) {
  uint32_t count = 0, entry = 0;
  PCRE2_SPTR table = NULL;
  re->names = calloc((size_t)re->ncaptures + 1, sizeof *re->names);
  if (!re->names) return -1;
  pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &count);
  if (count == 0) return 0;
  pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
  pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &table);
  for (uint32_t i = 0; i < count; i++) {
    const unsigned char *e = table + (size_t)i * entry;
    int group = (e[0] << 8) | e[1];
    if (group < 1 || group > re->ncaptures || re->names[group]) continue;
    re->names[group] = strdup((const char *)e + 2);
    if (!re->names[group]) return -1;
  }
  return 0;
}

static int compile_error(const char *pattern, size_t len, int code, size_t offset,
                         gw_error *err) {
  char msg[256];
  pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
  if (offset > len) offset = len;
  if (offset == len)
    set_error(err, GW_EPATTERN, offset, "bad regex \"%.*s%s\": %s at end of pattern",
              shown_length(pattern, len), pattern, ellipsis(len), msg);
  else
    set_error(err, GW_EPATTERN, offset, "bad regex \"%.*s%s\": %s at character %zu",
              shown_length(pattern, len), pattern, ellipsis(len), msg,
              count_chars(pattern, offset) + 1);
  if (err) err->column = count_chars(pattern, offset) + 1;
  return -1;
}

/* JITSIZE, not the return code: (*NO_JIT) makes pcre2_jit_compile a no-op.
 * GONGWEN_NO_JIT=1 keeps the interpreter, e.g. for valgrind, which takes the
 * JIT's deliberate 16-byte reads near the end of a buffer for errors. */
static int jit_compile(pcre2_code *code) {
  size_t jitsize = 0;
  const char *off = getenv("GONGWEN_NO_JIT");
  if (off && *off && strcmp(off, "0") != 0) return 0;
  if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0)
    pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &jitsize);
  return jitsize > 0;
}

/* 1 when the pattern uses \d or \D and nothing else that UCP changes (\w \s
 * \b \X and POSIX classes; caseless matching in UTF mode does not depend on
 * UCP).  Plain substring tests: an escaped backslash can only make this
 * answer 0 where 1 was possible, never the reverse. */
static int only_digits_need_ucp(const char *p, size_t len) {
  int digits = 0;
  for (size_t i = 0; i + 1 < len; i++) {
    if (p[i] == '[' && p[i + 1] == ':') return 0;
    if (p[i] != '\\') continue;
    if (strchr("wWsSbBX", p[i + 1])) return 0;
    if (p[i + 1] == 'd' || p[i + 1] == 'D') digits = 1;
  }
  return digits;
}

static void fill_defaults(gw_regex_opts *o) {
  if (!o->match_limit) o->match_limit = GW_RX_MATCH_LIMIT;
  if (!o->depth_limit) o->depth_limit = GW_RX_DEPTH_LIMIT;
  if (!o->heap_limit_kib) o->heap_limit_kib = GW_RX_HEAP_LIMIT_KIB;
}

static int setup_limits(gw_regex *re) {
  re->mctx = pcre2_match_context_create(NULL);
  if (!re->mctx) return -1;
  pcre2_set_match_limit(re->mctx, re->opts.match_limit);
  pcre2_set_depth_limit(re->mctx, re->opts.depth_limit);
  pcre2_set_heap_limit(re->mctx, re->opts.heap_limit_kib);
  return 0;
}

/* LF only, whatever PCRE2 was built with: documents are normalised to LF. */
static pcre2_code *compile_code(const char *pattern, size_t len, uint32_t flags, int *code,
                                PCRE2_SIZE *offset) {
  pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
  if (!cctx) {
    *code = PCRE2_ERROR_NOMEMORY, *offset = 0;
    return NULL;
  }
  pcre2_set_newline(cctx, PCRE2_NEWLINE_LF);
  pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, len, compile_options(flags), code, offset,
                                cctx);
  pcre2_compile_context_free(cctx);
  return c;
}

int gw_regex_compile(const char *pattern, size_t len, const gw_regex_opts *opts,
                     gw_regex **out, gw_error *err) {
  *out = NULL;
  gw_regex *re = calloc(1, sizeof *re);
  if (!re) goto nomem;
  if (opts) re->opts = *opts;
  fill_defaults(&re->opts);
  int code;
  PCRE2_SIZE offset;
  re->code = compile_code(pattern, len, re->opts.flags, &code, &offset);
  if (!re->code) {
    gw_regex_free(re);
    return compile_error(pattern, len, code, offset, err);
  }
  re->jit = jit_compile(re->code);
  if (!(re->opts.flags & GW_RX_ASCII) && only_digits_need_ucp(pattern, len)) {
    re->twin = compile_code(pattern, len, re->opts.flags | GW_RX_ASCII, &code, &offset);
    if (re->twin) jit_compile(re->twin);
  }
  uint32_t ncap = 0;
  pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &ncap);
  re->ncaptures = (int)ncap;
  uint32_t lookbehind = 0;
  if (pcre2_pattern_info(re->code, PCRE2_INFO_MAXLOOKBEHIND, &lookbehind) == 0 && re->twin) {
    uint32_t twin_lookbehind = 0;
    pcre2_pattern_info(re->twin, PCRE2_INFO_MAXLOOKBEHIND, &twin_lookbehind);
    if (twin_lookbehind > lookbehind) lookbehind = twin_lookbehind;
  }
  re->max_lookbehind = lookbehind;
  re->pattern = malloc(len + 1);
  if (!re->pattern || setup_limits(re) || load_names(re)) goto nomem;
  memcpy(re->pattern, pattern, len);
  re->pattern[len] = '\0';
  re->pattern_len = len;
  *out = re;
  return 0;
nomem:
  gw_regex_free(re);
  set_error(err, GW_ENOMEM, GW_NOPOS, "out of memory compiling a regex");
  return -1;
}

void gw_regex_free(gw_regex *re) {
  if (!re) return;
  if (re->names)
    for (int i = 0; i <= re->ncaptures; i++) free(re->names[i]);
  free(re->names);
  free(re->pattern);
  pcre2_match_context_free(re->mctx);
  pcre2_code_free(re->code);
  pcre2_code_free(re->twin);
  free(re);
}

int gw_regex_ncaptures(const gw_regex *re) { return re->ncaptures; }

const char *gw_regex_group_name(const gw_regex *re, int i) {
  return i >= 1 && i <= re->ncaptures ? re->names[i] : NULL;
}

int gw_regex_jit(const gw_regex *re) { return re->jit; }

int gw_regex_has_ascii_twin(const gw_regex *re) { return re->twin != NULL; }

void gw_regex_engine(char *version, size_t size, int *jit, int *unicode) {
  char buf[64] = "";
  uint32_t yes = 0;
  pcre2_config(PCRE2_CONFIG_VERSION, buf);
  snprintf(version, size, "%s", buf);
  pcre2_config(PCRE2_CONFIG_UNICODE, &yes);
  *unicode = yes != 0;
  gw_regex *re; /* NULL when compiling fails */
  *jit = gw_regex_compile("a", 1, NULL, &re, NULL) == 0 && re->jit;
  gw_regex_free(re);
}

/* ---------------------------------------------------------------- matching */

gw_match *gw_match_new(const gw_regex *re) {
  gw_match *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->md = pcre2_match_data_create_from_pattern(re->code, NULL);
  if (!m->md) {
    free(m);
    return NULL;
  }
  return m;
}

void gw_match_reset(gw_match *m) {
  m->checked = NULL;
  m->checked_len = m->checked_from = 0;
  m->iter_subject = NULL;
  m->iter_pos = 0;
  m->after_empty = 0;
}

void gw_match_free(gw_match *m) {
  if (!m) return;
  pcre2_match_data_free(m->md);
  pcre2_match_context_free(m->mctx);
  pcre2_jit_stack_free(m->stack);
  free(m);
}

const size_t *gw_match_ovector(const gw_match *m) {
  /* PCRE2_SIZE is size_t and PCRE2_UNSET is (size_t)-1 == GW_NOPOS. */
  return pcre2_get_ovector_pointer(m->md);
}

/* Gives m its own JIT stack, as large as the heap limit allows, after the
 * default 32 KiB one ran out.  Returns 0, or -1 when it already has one. */
static int grow_jit_stack(const gw_regex *re, gw_match *m) {
  if (m->stack) return -1;
  size_t max = (size_t)re->opts.heap_limit_kib * 1024;
  if (max < JIT_STACK_START) return -1;
  if (!m->mctx) m->mctx = pcre2_match_context_copy(re->mctx);
  m->stack = pcre2_jit_stack_create(JIT_STACK_START, max, NULL);
  if (!m->mctx || !m->stack) return -1;
  pcre2_jit_stack_assign(m->mctx, NULL, m->stack);
  return 0;
}

static int limit_error(const gw_regex *re, int rc, size_t start, gw_error *err) {
  const char *what, *key, *unit = "";
  unsigned long value;
  switch (rc) {
  case PCRE2_ERROR_MATCHLIMIT:
    what = "match limit", key = "match_limit", value = re->opts.match_limit;
    break;
  case PCRE2_ERROR_DEPTHLIMIT:
    what = "depth limit", key = "depth_limit", value = re->opts.depth_limit;
    break;
  case PCRE2_ERROR_HEAPLIMIT:
    what = "heap limit", key = "heap_limit", value = re->opts.heap_limit_kib, unit = " KiB";
    break;
  default: /* PCRE2_ERROR_JIT_STACKLIMIT: the JIT stack is bounded by the heap limit */
    what = "JIT stack limit", key = "heap_limit", value = re->opts.heap_limit_kib, unit = " KiB";
    break;
  }
  set_error(err, GW_ELIMIT, start, "regex \"%.*s%s\": %s exceeded (%s = %lu%s)",
            shown_length(re->pattern, re->pattern_len), re->pattern, ellipsis(re->pattern_len),
            what, key, value, unit);
  return -1;
}

static int match_error(const gw_regex *re, gw_match *m, int rc, size_t start, gw_error *err) {
  char msg[256];
  pcre2_get_error_message(rc, (PCRE2_UCHAR *)msg, sizeof msg);
  switch (rc) {
  case PCRE2_ERROR_MATCHLIMIT:
  case PCRE2_ERROR_DEPTHLIMIT:
  case PCRE2_ERROR_HEAPLIMIT:
  case PCRE2_ERROR_JIT_STACKLIMIT:
    return limit_error(re, rc, start, err);
  case PCRE2_ERROR_BADUTFOFFSET:
    set_error(err, GW_EARG, start, "regex start offset (byte %zu) is inside a UTF-8 character",
              start + 1);
    return -1;
  case PCRE2_ERROR_NOMEMORY:
    set_error(err, GW_ENOMEM, start, "out of memory matching regex");
    return -1;
  default:
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
      size_t at = pcre2_get_startchar(m->md);
      set_error(err, GW_EUTF8, at, "invalid UTF-8 in regex subject at byte %zu: %s", at + 1,
                msg);
      return -1;
    }
    set_error(err, GW_EMATCH, start, "regex \"%.*s%s\": %s",
              shown_length(re->pattern, re->pattern_len), re->pattern,
              ellipsis(re->pattern_len), msg);
    return -1;
  }
}

/* Where pcre2_match's UTF-8 check of subject would begin for a search from
 * start: max_lookbehind characters back (as PCRE2 10.4x steps back). */
static size_t utf_check_start(const gw_regex *re, const char *subject, size_t start) {
  size_t p = start;
  for (uint32_t i = re->max_lookbehind; i > 0 && p > 0; i--) {
    p--;
    while (p > 0 && ((unsigned char)subject[p] & 0xC0) == 0x80) p--;
  }
  return p;
}

/* pcre2_match with the UTF check skipped where the subject is known good. */
static int run(const gw_regex *re, gw_match *m, const char *subject, size_t len, size_t start,
               uint32_t options, int trusted, gw_error *err) {
  int checked = (trusted & GW_SUBJECT_VALID) ||
                (subject == m->checked && len == m->checked_len && start >= m->checked_from);
  if (!checked && start <= len) {
    /* Validate what PCRE2 would check, with the vectorised validator, and
     * skip PCRE2's own scalar check when it is valid.  When it is not,
     * PCRE2 checks again and reports the error exactly as before. */
    size_t from = utf_check_start(re, subject, start);
    if (gw_utf8_validate(subject + from, len - from) == len - from) {
      m->checked = subject, m->checked_len = len, m->checked_from = start;
      checked = 1;
    }
  }
  const pcre2_code *code = re->twin && (trusted & GW_SUBJECT_ASCII_DIGITS) ? re->twin : re->code;
  if (checked) {
    /* PCRE2 trusts the offset too when told not to check: do it here. */
    if (start < len && ((unsigned char)subject[start] & 0xC0) == 0x80)
      return match_error(re, m, PCRE2_ERROR_BADUTFOFFSET, start, err);
    options |= PCRE2_NO_UTF_CHECK;
  }
  int rc;
  for (;;) {
    rc = pcre2_match(code, (PCRE2_SPTR)subject, len, start, options, m->md,
                     m->mctx ? m->mctx : re->mctx);
    if (rc != PCRE2_ERROR_JIT_STACKLIMIT || grow_jit_stack(re, m) != 0) break;
  }
  if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH) {
    if (!checked) m->checked = subject, m->checked_len = len, m->checked_from = start;
    return rc >= 0;
  }
  return match_error(re, m, rc, start, err);
}

int gw_regex_exec(const gw_regex *re, gw_match *m, const char *subject, size_t len,
                  size_t start, int trusted, gw_error *err) {
  if (start > len) return 0;
  return run(re, m, subject, len, start, 0, trusted, err);
}

size_t gw_regex_next_start(const char *subject, size_t len, size_t s, size_t e) {
  if (e < s) e = s; /* \K can put the start after the end */
  if (e > s) return e;
  if (e >= len) return len + 1;
  e++;
  while (e < len && ((unsigned char)subject[e] & 0xC0) == 0x80) e++;
  return e;
}

int gw_regex_next(const gw_regex *re, gw_match *m, const char *subject, size_t len,
                  size_t *pos, int trusted, gw_error *err) {
  size_t at = *pos;
  int rc = 0;
  if (at > len) return 0;
  if (m->after_empty && m->iter_subject == subject && m->iter_pos == at) {
    /* After an empty match: a non-empty match may still start right here. */
    rc = run(re, m, subject, len, at, PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED, trusted, err);
    if (rc == 0) at = gw_regex_next_start(subject, len, at, at);
  }
  if (rc == 0 && at <= len) rc = run(re, m, subject, len, at, 0, trusted, err);
  if (rc == 1) {
    const size_t *ov = gw_match_ovector(m);
    size_t end = ov[1] < ov[0] ? ov[0] : ov[1];
    m->after_empty = end == ov[0];
    at = end;
  } else {
    m->after_empty = 0;
  }
  m->iter_subject = subject;
  m->iter_pos = *pos = at;
  return rc;
}

long long gw_regex_count(const gw_regex *re, const char *subject, size_t len, int trusted,
                         gw_error *err) {
  gw_match *m = gw_match_new(re);
  if (!m) {
    set_error(err, GW_ENOMEM, GW_NOPOS, "out of memory matching regex");
    return -1;
  }
  long long n = 0;
  size_t pos = 0;
  int rc;
  while ((rc = gw_regex_next(re, m, subject, len, &pos, trusted, err)) == 1) n++;
  gw_match_free(m);
  return rc < 0 ? -1 : n;
}

/* ---------------------------------------------------------------- digits */

/* Lead bytes of every decimal digit outside ASCII: U+0660, U+06F0, U+07C0,
 * U+0800-1FFF, U+A000-AFFF, U+F000-FFFF (full-width ０-９) and all of
 * U+10000 and up.  A candidate is then checked exactly with PCRE2's \d. */
static int maybe_digit_lead(unsigned char c) {
  return c == 0xD9 || c == 0xDB || c == 0xDF || c == 0xE0 || c == 0xE1 || c == 0xEA ||
         c == 0xEF || c >= 0xF0;
}

typedef struct digit_probe {
  pcre2_code *code;
  pcre2_match_data *md;
} digit_probe;

/* 1 when the character at s[i] is a Unicode decimal digit. */
static int is_digit_at(digit_probe *p, const unsigned char *s, size_t i, size_t len) {
  if (s[i] == 0xEF && i + 2 < len && s[i + 1] >= 0xBC) /* U+FF00-FFFF */
    return s[i + 1] == 0xBC && s[i + 2] >= 0x90 && s[i + 2] <= 0x99;
  if (!p->code) {
    int code;
    PCRE2_SIZE offset;
    p->code = pcre2_compile((PCRE2_SPTR) "\\d", 2, PCRE2_UTF | PCRE2_UCP, &code, &offset, NULL);
    p->md = p->code ? pcre2_match_data_create(1, NULL) : NULL;
  }
  if (!p->md) return 1; /* out of memory: say "digit", the safe answer */
  size_t n = s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : 2;
  if (n > len - i) n = len - i;
  /* PCRE2 checks these few bytes itself: the text may not be validated. */
  return pcre2_match(p->code, s + i, n, 0, PCRE2_ANCHORED, p->md, NULL) > 0;
}

#ifdef __SSE2__ /* the vector kernels below; always there on x86-64 */
/* Offset of the first decimal digit among the candidates in mask (bit k for
 * s[base + k]), or len. */
static size_t first_digit_in(digit_probe *p, const unsigned char *s, size_t base,
                             uint64_t mask, size_t len) {
  for (; mask; mask &= mask - 1) {
    size_t at = base + (size_t)__builtin_ctzll(mask);
    if (is_digit_at(p, s, at, len)) return at;
  }
  return len;
}
#endif

#if defined(__x86_64__) && defined(__GNUC__) && defined(__SSE2__)
#define GW_DIGITS_X86 1
#include <immintrin.h>

/* The candidate leads of maybe_digit_lead other than EF, looked up by nibble
 * (bit 1: D9 DB DF, bit 2: E0 E1 EA, bit 4: F0-FF).  EF is handled apart:
 * it starts the full-width punctuation (，：（） = EF BC 8C ...) that fills
 * Chinese text, and only EF BC 90-99 (０-９) or EF 80-BB (U+F000-FEFF)
 * remain candidates, told from the bytes that follow. */
#define LEAD_HI 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4
#define LEAD_LO 6, 6, 4, 4, 4, 4, 4, 4, 4, 5, 6, 5, 4, 4, 4, 5

/* Candidate mask of the thirty-two bytes at s; s[0..33] must be readable
 * (the shifted loads see sequences that straddle two blocks). */
__attribute__((target("avx2"))) static inline unsigned candidates_avx2(const unsigned char *s) {
  const __m256i hi_lut = _mm256_setr_epi8(LEAD_HI, LEAD_HI),
                lo_lut = _mm256_setr_epi8(LEAD_LO, LEAD_LO), nib = _mm256_set1_epi8(0x0F),
                top = _mm256_set1_epi8(0x7F), ef = _mm256_set1_epi8((char)0xEF),
                bb = _mm256_set1_epi8((char)0xBB), bc = _mm256_set1_epi8((char)0xBC),
                d90 = _mm256_set1_epi8((char)0x90), nine = _mm256_set1_epi8(9);
  __m256i v = _mm256_loadu_si256((const __m256i *)s);
  __m256i v1 = _mm256_loadu_si256((const __m256i *)(s + 1));
  __m256i v2 = _mm256_loadu_si256((const __m256i *)(s + 2));
  __m256i lead = _mm256_and_si256(
      _mm256_shuffle_epi8(hi_lut, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)),
      _mm256_shuffle_epi8(lo_lut, _mm256_and_si256(v, nib)));
  __m256i v2_digit = _mm256_sub_epi8(v2, d90); /* 0-9 for 90-99 */
  __m256i ef_tail = _mm256_or_si256(
      _mm256_cmpeq_epi8(_mm256_min_epu8(v1, bb), v1), /* below BC */
      _mm256_and_si256(_mm256_cmpeq_epi8(v1, bc),
                       _mm256_cmpeq_epi8(_mm256_min_epu8(v2_digit, nine), v2_digit)));
  __m256i ef_hit = _mm256_and_si256(_mm256_cmpeq_epi8(v, ef), ef_tail);
  /* lead is 0 or 1-7: adding 7F sets the top bit exactly for the candidates */
  return (unsigned)_mm256_movemask_epi8(_mm256_or_si256(ef_hit, _mm256_adds_epu8(lead, top)));
}

/* Sixty-four bytes a round; returns the offset reached in *at, and the
 * digit's offset or len. */
__attribute__((target("avx2"))) static size_t scan_avx2(digit_probe *p, const unsigned char *s,
                                                         size_t len, size_t *at) {
  size_t i = *at, found = len;
  for (; i + 66 <= len && found == len; i += 64) {
    uint64_t mask = candidates_avx2(s + i) | (uint64_t)candidates_avx2(s + i + 32) << 32;
    if (mask) found = first_digit_in(p, s, i, mask, len);
  }
  *at = i;
  return found;
}
#else
#define GW_DIGITS_X86 0
#endif

#ifdef __SSE2__
/* The same sixteen bytes at a time with SSE2 alone (no byte shuffle). */
static size_t scan_sse2(digit_probe *p, const unsigned char *s, size_t len, size_t *at) {
  const __m128i d9 = _mm_set1_epi8((char)0xD9), db = _mm_set1_epi8((char)0xDB),
                df = _mm_set1_epi8((char)0xDF), e0 = _mm_set1_epi8((char)0xE0),
                e1 = _mm_set1_epi8((char)0xE1), ea = _mm_set1_epi8((char)0xEA),
                ef = _mm_set1_epi8((char)0xEF), flip = _mm_set1_epi8((char)0x80),
                below_f0 = _mm_set1_epi8((char)(0xEF ^ 0x80)),
                below_bc = _mm_set1_epi8((char)(0xBC ^ 0x80)), bc = _mm_set1_epi8((char)0xBC),
                below_90 = _mm_set1_epi8((char)(0x90 ^ 0x80)),
                above_99 = _mm_set1_epi8((char)(0x99 ^ 0x80));
  size_t i = *at, found = len;
  for (; i + 18 <= len && found == len; i += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
    __m128i v1 = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(s + i + 1)), flip);
    __m128i v2 = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(s + i + 2)), flip);
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d9), _mm_cmpeq_epi8(v, db)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, df), _mm_cmpeq_epi8(v, e0)));
    hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, e1), _mm_cmpeq_epi8(v, ea)));
    hit = _mm_or_si128(hit, _mm_cmpgt_epi8(_mm_xor_si128(v, flip), below_f0)); /* >= F0 */
    /* EF followed by a byte below BC (U+F000-FEFF), or by BC 90-99 */
    __m128i digit_tail = _mm_andnot_si128(
        _mm_or_si128(_mm_cmplt_epi8(v2, below_90), _mm_cmpgt_epi8(v2, above_99)),
        _mm_cmpeq_epi8(v1, _mm_xor_si128(bc, flip)));
    __m128i ef_hit = _mm_or_si128(_mm_cmplt_epi8(v1, below_bc), digit_tail);
    hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(v, ef), ef_hit));
    unsigned mask = (unsigned)_mm_movemask_epi8(hit);
    if (mask) found = first_digit_in(p, s, i, mask, len);
  }
  *at = i;
  return found;
}
#endif

size_t gw_find_nonascii_digit(const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  digit_probe probe = {NULL, NULL};
  size_t i = 0, found = len;
  /* Most blocks of Chinese text hold no candidate; the kernel is chosen per
   * call from the CPU's flags (no writable global). */
#if GW_DIGITS_X86
  if (__builtin_cpu_supports("avx2")) found = scan_avx2(&probe, s, len, &i);
#endif
#ifdef __SSE2__
  if (found == len) found = scan_sse2(&probe, s, len, &i);
#endif
  for (; i < len && found == len; i++)
    if (maybe_digit_lead(s[i]) && is_digit_at(&probe, s, i, len)) found = i;
  pcre2_match_data_free(probe.md);
  pcre2_code_free(probe.code);
  return found;
}
