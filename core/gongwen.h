/* gongwen.h — the public interface of the gongwen core (plain C11, no Lua).
 *
 * Conventions used throughout:
 *  - Offsets are 0-based byte offsets into the document's normalised text,
 *    spans are half-open [start, stop).  (The Lua binding adds 1.)
 *  - Lines and columns are 1-based; columns count characters, not bytes.
 *  - Functions that can fail return 0 on success and fill a gw_error.
 *  - No function keeps global mutable state: everything lives in the objects.
 */
#ifndef GONGWEN_H
#define GONGWEN_H

#include <stddef.h>
#include <stdint.h>

#define GW_VERSION "0.1.0"

/* ---------------------------------------------------------------- errors */

typedef enum gw_code {
  GW_OK = 0,
  GW_ENOENT,        /* file not found */
  GW_EISDIR,        /* path is a directory */
  GW_EIO,           /* read error, permission, other errno */
  GW_EEMPTY,        /* empty input */
  GW_ENUL,          /* NUL byte in text */
  GW_EUTF8,         /* invalid UTF-8 */
  GW_EDECODE,       /* GB18030 (or other iconv) conversion failed */
  GW_EGZIP,         /* corrupt gzip stream */
  GW_ETRUNCATED,    /* truncated gzip stream */
  GW_ETOOLARGE,     /* input (or inflated input) above max_bytes */
  GW_ENOMEM,        /* allocation failed */
  GW_EPATTERN,      /* regex compile error */
  GW_ELIMIT,        /* regex match/depth/heap limit hit */
  GW_EMATCH,        /* other regex matching error */
  GW_EARG           /* bad argument */
} gw_code;

typedef struct gw_error {
  gw_code code;
  char message[512]; /* full message, names the input and the position */
  size_t offset;     /* 0-based byte offset in the input, or GW_NOPOS */
  size_t line;       /* 1-based, 0 when not applicable */
  size_t column;     /* 1-based, in characters, 0 when not applicable */
} gw_error;

#define GW_NOPOS ((size_t)-1)

/* A short stable name for a code: "not_found", "invalid_utf8", ... */
const char *gw_code_name(gw_code code);

/* ---------------------------------------------------------------- utf-8 */

/* Returns len if [s, s+len) is valid UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF), otherwise the offset of the first bad byte.
 * Uses AVX2/SSE4 when the CPU has them (chosen at run time). */
size_t gw_utf8_validate(const char *s, size_t len);
/* Name of the validator chosen at run time: "avx2", "sse4", "scalar". */
const char *gw_utf8_impl(void);
/* Number of characters in valid UTF-8 text. */
size_t gw_utf8_count(const char *s, size_t len);
/* The loader's single pass: returns what gw_utf8_validate returns (call it
 * `valid`), and also the offset of the first NUL byte before `valid`
 * (*first_nul; `valid` when there is none) and whether a CR byte occurs
 * before `valid` (*has_cr), so no separate memchr passes are needed.
 * Either pointer may be NULL. */
size_t gw_utf8_scan(const char *s, size_t len, size_t *first_nul, int *has_cr);

/* ---------------------------------------------------------------- loading */

typedef enum gw_encoding {
  GW_ENC_UTF8 = 0,
  GW_ENC_GB18030,
  GW_ENC_AUTO
} gw_encoding;

#define GW_DEFAULT_MAX_BYTES ((size_t)1 << 30) /* 1 GiB */

typedef struct gw_load_opts {
  const char *name;      /* name used in messages; default: the path or "<string>" */
  gw_encoding encoding;  /* default GW_ENC_UTF8 */
  int replace_invalid;   /* 1: replace bad sequences by U+FFFD instead of failing */
  size_t max_bytes;      /* 0: GW_DEFAULT_MAX_BYTES; applies to raw and inflated size */
} gw_load_opts;

typedef struct gw_doc gw_doc;

/* path "-" reads standard input.  .gz is detected by magic bytes. */
int gw_doc_open(const char *path, const gw_load_opts *opts, gw_doc **out, gw_error *err);
/* Copies nothing it does not need; the caller keeps ownership of data. */
int gw_doc_from_memory(const char *data, size_t len, const gw_load_opts *opts,
                       gw_doc **out, gw_error *err);
void gw_doc_free(gw_doc *doc);

const char *gw_doc_text(const gw_doc *doc, size_t *len); /* normalised UTF-8 */
const char *gw_doc_name(const gw_doc *doc);
const char *gw_doc_path(const gw_doc *doc);               /* NULL for memory docs */
const char *gw_doc_encoding(const gw_doc *doc);           /* "utf-8" or "gb18030" */
size_t gw_doc_input_bytes(const gw_doc *doc);  /* original byte length (after gunzip) */
size_t gw_doc_replaced(const gw_doc *doc);     /* U+FFFD substitutions made */
size_t gw_doc_chars(const gw_doc *doc);        /* characters in the text (cached) */
size_t gw_doc_line_count(const gw_doc *doc);   /* cached line index */
/* 0-based byte offset -> 1-based line and character column (offset may be len). */
void gw_doc_position(const gw_doc *doc, size_t offset, size_t *line, size_t *column);
/* 1-based line -> 0-based byte offset of its first byte; len if past the end. */
size_t gw_doc_line_start(const gw_doc *doc, size_t line);

/* Same computation for any text (used by extractors on plain strings). */
void gw_text_position(const char *text, size_t len, size_t offset, size_t *line, size_t *column);

/* ---------------------------------------------------------------- corpus walk */

/* Called for each path that cannot be listed or opened (symlink loop, permission...). */
typedef void (*gw_walk_error_fn)(void *ud, const char *path, const char *message);

/* Expands files and directories into one list of file paths, sorted by path
 * (byte order).  Directories are walked recursively and their files kept when
 * the base name matches one of the fnmatch globs (default "*.txt", "*.txt.gz");
 * files named explicitly are always kept; "-" is kept as is.  Symlinked
 * directories already visited (loops) are skipped and reported.
 * Returns 0, or GW_ENOMEM.  Free the list with gw_walk_free. */
int gw_walk(const char *const *paths, size_t npaths, const char *const *globs, size_t nglobs,
            gw_walk_error_fn on_error, void *ud, char ***out, size_t *nout);
void gw_walk_free(char **list, size_t n);

/* ---------------------------------------------------------------- outline */

typedef struct gw_item {      /* one entry of an inline 一是/二是 or 1. 2. list */
  size_t start, stop;         /* whole item text including its marker */
  size_t marker_stop;         /* the marker is [start, marker_stop) */
  int number;                 /* 1, 2, 3 ... */
} gw_item;

typedef struct gw_section {
  int level;                  /* 0 root; 1 一、; 2 （一）; 3 1.; 4 （1）; deeper: 5+ */
  int number;                 /* value of the label, 0 when unnumbered */
  int numbered;               /* 0 for unnumbered headings (and the root) */
  int parent;                 /* index of the parent, -1 for the root */
  int first_child, next_sibling, nchildren; /* -1 when none */
  size_t start, stop;         /* the whole section, heading included */
  size_t label_start, label_stop;  /* "（一）"; empty when unnumbered */
  size_t title_start, title_stop;  /* raw title span (may hold leftovers) */
  size_t body_start;          /* body is [body_start, stop) */
  size_t line;                /* 1-based line of the heading */
  size_t own_stop;            /* its own text, before any child: [body_start, own_stop) */
} gw_section;

typedef struct gw_diag {
  size_t line;
  char message[160];
} gw_diag;

typedef struct gw_outline {
  gw_section *sections; size_t nsections;  /* sections[0] is the root, depth-first order */
  gw_diag *diags;       size_t ndiags;
  size_t preamble_start, preamble_stop;    /* title block, doc number, addressee... */
} gw_outline;

/* Builds the heading tree of a text.  Returns 0, or GW_ENOMEM. */
int gw_outline_build(const char *text, size_t len, gw_outline *out, gw_error *err);
void gw_outline_free(gw_outline *o);
/* The document's outline, built on first use and cached; NULL on ENOMEM. */
const gw_outline *gw_doc_outline(gw_doc *doc);

/* The inline enumerations (一是…二是…, 1.…2.…, （1）…, ①…) of the section's
 * own text, found on each call (the outline does not store them): writes
 * the first `cap` to out and returns how many there are, so a caller with a
 * small buffer calls again with one of the returned size.  Offsets into text. */
size_t gw_section_items(const char *text, const gw_section *s, gw_item *out, size_t cap);

/* Reader's text of a span: conversion leftovers ([image: ], [bookmark: x])
 * removed, lines broken mid-sentence joined, surrounding blanks trimmed.
 * Writes at most len bytes to out (the result is never longer); returns its length. */
size_t gw_clean_text(const char *text, size_t len, char *out);
/* Title of a section: gw_clean_text of the title span, minus trailing 。：: and spaces. */
size_t gw_section_title(const char *text, const gw_section *s, char *out);
/* Body of a section: gw_clean_text of [body_start, stop), the line cut by a
 * run-in heading judged whole (so a page break right after it is joined).
 * Writes at most stop - body_start bytes. */
size_t gw_section_body(const char *text, const gw_section *s, char *out);

/* ---------------------------------------------------------------- regex */

typedef struct gw_regex gw_regex;

typedef struct gw_regex_opts {
  uint32_t flags;            /* GW_RX_* */
  uint32_t match_limit;      /* 0: default */
  uint32_t depth_limit;      /* 0: default */
  uint32_t heap_limit_kib;   /* 0: default */
} gw_regex_opts;

enum {
  GW_RX_CASELESS = 1u << 0,  /* i */
  GW_RX_MULTILINE = 1u << 1, /* m */
  GW_RX_DOTALL = 1u << 2,    /* s */
  GW_RX_EXTENDED = 1u << 3,  /* x */
  GW_RX_UNGREEDY = 1u << 4,  /* U */
  GW_RX_ASCII = 1u << 5      /* a: no UCP */
};

/* Parses "imsxUa" into GW_RX_* flags; returns -1 on an unknown letter (its index in *bad). */
int gw_regex_parse_flags(const char *s, uint32_t *flags, size_t *bad);
int gw_regex_compile(const char *pattern, size_t len, const gw_regex_opts *opts,
                     gw_regex **out, gw_error *err);
void gw_regex_free(gw_regex *re);
int gw_regex_ncaptures(const gw_regex *re);
/* Name of capture group i (1-based), or NULL. */
const char *gw_regex_group_name(const gw_regex *re, int i);
int gw_regex_jit(const gw_regex *re); /* 1 when JIT-compiled */
/* The engine: PCRE2's version string, whether JIT works on this machine (a
 * test pattern JIT-compiles) and whether PCRE2 has Unicode support. */
void gw_regex_engine(char *version, size_t size, int *jit, int *unicode);

/* What the caller knows about a subject: the `trusted` argument below. */
enum {
  GW_SUBJECT_VALID = 1,       /* valid UTF-8: PCRE2 skips its own check */
  GW_SUBJECT_ASCII_DIGITS = 2 /* no decimal digit outside ASCII (gw_find_nonascii_digit) */
};
/* Offset of the first decimal digit (Unicode Nd) outside ASCII, or len.
 * With none, a pattern whose only Unicode-dependent parts are \d and \D can
 * run as its faster ASCII twin with the same results. */
size_t gw_find_nonascii_digit(const char *s, size_t len);
/* 1 when re has such an ASCII twin (so GW_SUBJECT_ASCII_DIGITS can help). */
int gw_regex_has_ascii_twin(const gw_regex *re);

/* Per-call match state: create once per find/count/gmatch/gsub call, or
 * keep one and gw_match_reset it before each new call (it then forgets which
 * subject it checked and where an iteration stood; a grown JIT stack stays). */
typedef struct gw_match gw_match;
gw_match *gw_match_new(const gw_regex *re);
void gw_match_reset(gw_match *m);
void gw_match_free(gw_match *m);
/* Searches subject from byte offset start.  Returns 1 on match, 0 on no match,
 * -1 on error (err filled: GW_ELIMIT names the limit).  trusted: GW_SUBJECT_*
 * flags (1: known-valid UTF-8, skip the check).  After a match, ovector pairs
 * are in gw_match_ovector (0-based offsets, GW_NOPOS for unset groups). */
int gw_regex_exec(const gw_regex *re, gw_match *m, const char *subject, size_t len,
                  size_t start, int trusted, gw_error *err);
const size_t *gw_match_ovector(const gw_match *m); /* 2*(ncaptures+1) entries */
/* The start of the next search after a match [s, e): e, or one whole
 * character past e when the match was empty (len + 1 past the end). */
size_t gw_regex_next_start(const char *subject, size_t len, size_t s, size_t e);
/* One step of an iteration over all matches (count, gmatch, gsub, split):
 * searches from *pos; after an empty match it first looks for a non-empty
 * match at the same place, then moves on one character (pcre2demo's loop).
 * Start with *pos = 0 (or any character boundary) and a fresh or reused m;
 * on a match returns 1 and sets *pos to the match's end; 0 when done; -1 on error. */
int gw_regex_next(const gw_regex *re, gw_match *m, const char *subject, size_t len,
                  size_t *pos, int trusted, gw_error *err);
/* Defaults used when gw_regex_opts leaves a limit at 0. */
#define GW_RX_MATCH_LIMIT 10000000u
#define GW_RX_DEPTH_LIMIT 1000000u
#define GW_RX_HEAP_LIMIT_KIB 131072u /* 128 MiB; also bounds the JIT stack */
/* Counts non-overlapping matches.  Returns count, or -1 with err. */
long long gw_regex_count(const gw_regex *re, const char *subject, size_t len, int trusted,
                         gw_error *err);

/* ---------------------------------------------------------------- extraction */

typedef struct gw_quantity {
  double value;
  int approx;                      /* 1 when 余/超/近/约/多 */
  size_t approx_start, approx_stop; /* the approximation word as written; empty when exact */
  size_t start, stop;              /* text: the clause part from subject to unit */
  size_t num_start, num_stop;      /* the number as written */
  size_t unit_start, unit_stop;    /* the unit as written */
  size_t subject_start, subject_stop; /* empty span when no subject found */
  size_t line;                     /* 1-based line of start in the text searched */
} gw_quantity;

typedef enum gw_citation_kind {
  GW_CITE_LAW = 0, GW_CITE_PLAN, GW_CITE_INTERNAL, GW_CITE_BOOK, GW_CITE_OTHER
} gw_citation_kind;

typedef struct gw_citation {
  size_t start, stop;              /* 《…》 with the brackets */
  size_t title_start, title_stop;  /* inside the brackets */
  gw_citation_kind kind;
  char law_name[256];              /* normalised law key, "" when not a law */
  size_t line;                     /* 1-based line of start in the text searched */
} gw_citation;

typedef struct gw_date {
  size_t start, stop;
  int year, month, day;            /* month/day 0 when not stated */
} gw_date;

/* A growable array of results; free with gw_results_free (not free(): big
 * arrays are memory mappings).  Start from a zeroed one; the extractors
 * append to it (in text order) and return 0 or GW_ENOMEM. */
typedef struct gw_results {
  void *data; size_t n, cap, size;
} gw_results;
void gw_results_free(gw_results *r);

int gw_extract_quantities(const char *text, size_t len, gw_results *out /* gw_quantity */);
int gw_extract_citations(const char *text, size_t len, gw_results *out /* gw_citation */);
/* “…” terms: gw_citation entries with kind GW_CITE_OTHER and law_name "". */
int gw_extract_quotes(const char *text, size_t len, gw_results *out);
int gw_extract_dates(const char *text, size_t len, gw_results *out /* gw_date */);
const char *gw_citation_kind_name(gw_citation_kind k);

typedef struct gw_meta {
  char title[512];
  char org[128];
  char region[128];
  int year;                        /* 0 when not stated */
  char doc_number[128];            /* normalised to 〔〕 */
  char date[16];                   /* ISO yyyy-mm-dd */
  char addressee[128];
} gw_meta;                         /* "" for fields not stated */

int gw_extract_meta(const char *text, size_t len, const gw_outline *outline, gw_meta *out);

/* Report parts of a level-1 heading title. */
enum {
  GW_PART_MEASURES = 1u << 0,
  GW_PART_LEADERSHIP = 1u << 1,
  GW_PART_PROBLEMS = 1u << 2,
  GW_PART_PLANS = 1u << 3
};
/* Writes up to 4 part names in order of appearance in the title; returns
 * how many (0 means "other"). */
int gw_classify_part(const char *title, size_t len, const char *parts[4]);

/* The extractors' word lists (core/data), parsed.  The functions above parse
 * the lists they need on each call (some microseconds); a program that
 * extracts from many small texts parses them once with gw_lexicon_new and
 * calls the _lx variants.  Immutable once made: one lexicon may serve several
 * threads. */
typedef struct gw_lexicon gw_lexicon;
gw_lexicon *gw_lexicon_new(void);  /* NULL when out of memory */
void gw_lexicon_free(gw_lexicon *lx);
int gw_extract_quantities_lx(const gw_lexicon *lx, const char *text, size_t len, gw_results *out);
int gw_extract_citations_lx(const gw_lexicon *lx, const char *text, size_t len, gw_results *out);
int gw_extract_meta_lx(const gw_lexicon *lx, const char *text, size_t len,
                       const gw_outline *outline, gw_meta *out);
int gw_classify_part_lx(const gw_lexicon *lx, const char *title, size_t len, const char *parts[4]);

#endif
