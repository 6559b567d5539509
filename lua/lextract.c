/* lextract.c — the extractors in Lua: gw.quantities, gw.citations,
 * gw.quotes, gw.dates, gw.meta, gw.classify_part, doc.meta, doc:part().
 * Results are plain tables with 1-based inclusive byte offsets into the
 * subject (doc:text() for documents and sections) and the line. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <math.h>

#include "binding.h"
#include "extract_each.h"

#define LEXICON "gongwen.lexicon"       /* registry key of this state's lexicon */
#define LEXICON_TYPE "gongwen.Lexicon"  /* its metatable */

static int lexicon_gc(lua_State *L) {
  gw_lexicon **box = luaL_checkudata(L, 1, LEXICON_TYPE);
  gw_lexicon_free(*box);
  *box = NULL;
  return 0;
}

/* The word lists of this lua_State, parsed once when the module is opened
 * and kept in the registry (freed by __gc when the state closes). */
static const gw_lexicon *state_lexicon(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, LEXICON);
  gw_lexicon **box = lua_touserdata(L, -1);
  lua_pop(L, 1);
  if (!box || !*box) luaL_error(L, "gongwen: word lists not loaded");
  return *box;
}

static void open_lexicon(lua_State *L) {
  gw_lexicon **box = lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL;
  luaL_newmetatable(L, LEXICON_TYPE);
  lua_pushcfunction(L, lexicon_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  *box = gw_lexicon_new();
  if (!*box) luaL_error(L, "out of memory loading the word lists");
  lua_setfield(L, LUA_REGISTRYINDEX, LEXICON);
}

static int results_gc(lua_State *L) {
  gw_results *r = lua_touserdata(L, 1);
  gw_results_free(r);
  return 0;
}

/* Result tables are built by a builder: the field names (made once per
 * state, kept in the registry) are copied onto the stack once per call, so
 * each field is one lua_rawset with a ready key (lua_setfield would look the
 * C string up in the string cache for every field of every result).
 * Quantities, citations and quotes come from the scan one at a time
 * (extract_each.h) and each becomes its table at once, while its text is
 * still in cache and without an array of all results in C; the scan counts
 * their lines.  Dates come as an array (core/date.c) and get their lines
 * from a cursor that moves forward through the subject with the results,
 * which are in text order. */
enum {
  K_VALUE, K_UNIT, K_APPROX, K_APPROX_WORD, K_SUBJECT, K_NUMBER, K_TEXT, K_TITLE, K_KIND,
  K_LAW_NAME, K_START, K_STOP, K_LINE, K_YEAR, K_MONTH, K_DAY, K_ISO, NKEYS,
  K_KINDS = NKEYS,                       /* then the citation kind names, by gw_citation_kind */
  NNAMES = K_KINDS + GW_CITE_OTHER + 1
};
static const char *const key_names[NKEYS] = {
  "value", "unit", "approx", "approx_word", "subject", "number", "text", "title", "kind",
  "law_name", "start", "stop", "line", "year", "month", "day", "iso"};

#define NAMES "gongwen.result_names" /* registry: array of the NNAMES strings */

/* Makes the names once per state, so a call copies them instead of making
 * (hashing, interning) each from a C string. */
static void open_names(lua_State *L) {
  lua_createtable(L, NNAMES, 0);
  for (int k = 0; k < NNAMES; k++) {
    if (k < NKEYS) lua_pushstring(L, key_names[k]);
    else lua_pushstring(L, gw_citation_kind_name((gw_citation_kind)(k - K_KINDS)));
    lua_rawseti(L, -2, k + 1);
  }
  lua_setfield(L, LUA_REGISTRYINDEX, NAMES);
}

/* The strings of results repeat (units, numbers, subjects, cited titles):
 * a direct-mapped cache by content in front of Lua's string table saves
 * hashing and interning them again (and, for strings over 40 bytes, a malloc
 * and a copy each).  Entry i holds the hash, length and bytes of the string
 * kept (alive, so in place) in stack slot first + i.  Subjects too short to
 * have many results skip it (setting it up costs more than it saves). */
#define CACHE_MIN_BYTES 32768
#define CACHE_MAX_BITS 13
typedef struct cached { uint64_t hash; size_t len; const char *s; } cached; /* len 0: empty */

/* From this many results on, the collector is paused while they are built:
 * every object made then stays reachable from the array being built, and a
 * collection would traverse that growing array again and again (about 15%
 * of gw.quantities on a 256 MiB document).  Not for small results:
 * restarting the collector makes it take a step soon, which costs more than
 * building a few tables.  (Lending the collector credit with LUA_GCSTEP
 * instead, and paying it back after the build, keeps its allowance but makes
 * it collect right then, while all the new results are alive: measured
 * slower when a script drops them soon.)  Subjects shorter than
 * PAUSE_MIN_BYTES (no report has 4096 results in 1 MiB) are built without
 * the protected call that restarting the collector after an error needs. */
#define PAUSE_MIN 4096
#define PAUSE_MIN_BYTES ((size_t)1 << 20)
#define FAIL_AT "gongwen.extract_fail_at" /* registry: see extract() */

enum { QUANTITIES, CITATIONS, QUOTES, DATES };

typedef struct builder {
  lua_State *L;
  const gwl_subject *s;
  int what;            /* QUANTITIES ... DATES */
  int keys;            /* stack index of the name K_VALUE; the others follow */
  int array;           /* stack index of the result array */
  lua_Integer n;       /* results in it */
  int may_pause;       /* 1: the build runs protected, so it may stop the collector */
  int paused;          /* 1: it did (restart it when the build ends) */
  lua_Integer fail_at; /* > 0: raise an error at this result (FAIL_AT, for tests) */
  size_t off, line;    /* line cursor: line is the line of byte off */
  size_t first_line;   /* line of the subject's first byte */
  cached *cache;       /* NULL: no cache */
  unsigned bits;       /* the cache has 1 << bits entries */
  int first;           /* stack index of the string of entry 0 */
} builder;

/* Number of LF bytes in [p, p+n).  Lines are a few hundred bytes long, so
 * the vectorised memchr beats counting every byte (measured: SWAR counting
 * cost 3x the instructions). */
static size_t count_lf(const char *p, size_t n) {
  size_t count = 0;
  const char *end = p + n;
  while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    count++;
    p++;
  }
  return count;
}

static size_t line_of(builder *b, size_t off) {
  if (off < b->off) { /* out of order: ask the subject */
    size_t column;
    gwl_subject_position(b->s, off, &b->line, &column);
  } else {
    b->line += count_lf(b->s->text + b->off, off - b->off);
  }
  b->off = off;
  return b->line;
}

/* Copies the names onto the stack, sets up the line cursor and the string
 * cache (for about expect results) and pushes the result array. */
static void builder_init(builder *b, size_t expect) {
  lua_State *L = b->L;
  const gwl_subject *s = b->s;
  luaL_checkstack(L, NNAMES + 8, NULL);
  lua_getfield(L, LUA_REGISTRYINDEX, NAMES);
  int names = lua_gettop(L);
  b->keys = names + 1;
  for (int k = 0; k < NNAMES; k++) lua_rawgeti(L, names, k + 1);
  /* Line of the subject's first byte: 1 for strings and whole documents. */
  size_t column;
  b->off = 0;
  b->line = 1;
  if (s->base > 0) gwl_subject_position(s, 0, &b->line, &column);
  b->first_line = b->line;
  b->cache = NULL;
  if (s->len >= CACHE_MIN_BYTES) {
    b->bits = 8;
    while (b->bits < CACHE_MAX_BITS && ((size_t)1 << b->bits) < s->len / 512) b->bits++;
    size_t n = (size_t)1 << b->bits;
    luaL_checkstack(L, (int)n + 8, NULL);
    b->cache = lua_newuserdatauv(L, n * sizeof *b->cache, 0);
    memset(b->cache, 0, n * sizeof *b->cache);
    b->first = lua_gettop(L) + 1;
    lua_settop(L, b->first + (int)n - 1); /* the slots, nil */
  }
  lua_createtable(L, expect > INT32_MAX ? INT32_MAX : (int)expect, 0);
  b->array = lua_gettop(L);
  b->n = 0;
}

/* Multiplicative hash of n bytes, 8 at a time: cheaper than Lua's
 * byte-by-byte one; the top bits pick the entry.  Up to 8 bytes it is one
 * to one (the bytes go into one word w, and xor with n * k, multiplying by
 * odd k and h ^= h >> 29 are invertible), so equal hashes and lengths mean
 * equal strings there. */
static uint64_t hash_bytes(const char *p, size_t n) {
  const uint64_t k = 0x9E3779B97F4A7C15u;
  uint64_t h = (uint64_t)n * k, w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, p + i, 8);
    h = (h ^ w) * k;
    h ^= h >> 29;
  }
  if (i < n) { /* the tail in one or two loads, overlapping what came before */
    if (n >= 8) {
      memcpy(&w, p + n - 8, 8);
    } else if (n >= 4) {
      uint32_t a, z;
      memcpy(&a, p, 4);
      memcpy(&z, p + n - 4, 4);
      w = (uint64_t)a << 32 | z;
    } else {
      w = (uint64_t)(unsigned char)p[0] << 16 | (uint64_t)(unsigned char)p[n / 2] << 8 |
          (unsigned char)p[n - 1];
    }
    h = (h ^ w) * k;
  }
  return h;
}

/* Pushes the n bytes at p as a string, from the cache when it has them. */
static void push_bytes(builder *b, const char *p, size_t n) {
  lua_State *L = b->L;
  if (!b->cache) {
    lua_pushlstring(L, p, n);
    return;
  }
  uint64_t hash = hash_bytes(p, n);
  int slot = b->first + (int)(hash >> (64 - b->bits));
  cached *c = &b->cache[hash >> (64 - b->bits)];
  if (c->hash == hash && c->len == n && n > 0 && (n <= 8 || memcmp(c->s, p, n) == 0)) {
    lua_pushvalue(L, slot);
    return;
  }
  c->s = lua_pushlstring(L, p, n);
  lua_copy(L, -1, slot);
  c->hash = hash;
  c->len = n;
}

/* Pushes a field name; push the value next, then lua_rawset(L, -3). */
static void key(builder *b, int k) { lua_pushvalue(b->L, b->keys + k); }

static void set_int(builder *b, int k, lua_Integer v) {
  key(b, k);
  lua_pushinteger(b->L, v);
  lua_rawset(b->L, -3);
}

/* A span of the subject as a string field. */
static void set_span_str(builder *b, int k, size_t start, size_t stop) {
  key(b, k);
  push_bytes(b, b->s->text + start, stop - start);
  lua_rawset(b->L, -3);
}

/* start, stop (1-based inclusive, into doc:text() for documents) and line
 * (of the document for sections; line: within the subject). */
static void set_span(builder *b, size_t start, size_t stop, size_t line) {
  set_int(b, K_START, (lua_Integer)(b->s->base + start + 1));
  set_int(b, K_STOP, (lua_Integer)(b->s->base + stop));
  set_int(b, K_LINE, (lua_Integer)(b->first_line + line - 1));
}

/* Appends the table on top of the stack to the result array; pauses the
 * collector once the results are many (see PAUSE_MIN). */
static void append(builder *b) {
  lua_State *L = b->L;
  lua_rawseti(L, b->array, ++b->n);
  if (b->n == PAUSE_MIN && b->may_pause && lua_gc(L, LUA_GCISRUNNING)) {
    lua_gc(L, LUA_GCSTOP);
    b->paused = 1;
  }
  if (b->n == b->fail_at) luaL_error(L, "gongwen: failure injected at result %d", (int)b->n);
}

static int add_quantity(void *ud, const void *result) {
  builder *b = ud;
  lua_State *L = b->L;
  const gw_quantity *q = result;
  lua_createtable(L, 0, q->approx ? 10 : 9);
  key(b, K_VALUE);
  lua_Integer whole; /* an integer when whole and in range: casting first would be UB */
  if (q->value == floor(q->value) && lua_numbertointeger(q->value, &whole)) lua_pushinteger(L, whole);
  else lua_pushnumber(L, q->value);
  lua_rawset(L, -3);
  set_span_str(b, K_UNIT, q->unit_start, q->unit_stop);
  key(b, K_APPROX);
  lua_pushboolean(L, q->approx);
  lua_rawset(L, -3);
  if (q->approx) set_span_str(b, K_APPROX_WORD, q->approx_start, q->approx_stop);
  set_span_str(b, K_SUBJECT, q->subject_start, q->subject_stop);
  set_span_str(b, K_NUMBER, q->num_start, q->num_stop);
  set_span_str(b, K_TEXT, q->start, q->stop);
  set_span(b, q->start, q->stop, q->line); /* counted by the extractor */
  append(b);
  return 0;
}

/* A citation, or with quotes a “…” term (text, no kind or law name). */
static int add_citation(void *ud, const void *result) {
  builder *b = ud;
  lua_State *L = b->L;
  const gw_citation *c = result;
  int quotes = b->what == QUOTES;
  lua_createtable(L, 0, quotes ? 4 : c->law_name[0] ? 6 : 5);
  set_span_str(b, quotes ? K_TEXT : K_TITLE, c->title_start, c->title_stop);
  if (!quotes) {
    int kind = (int)c->kind;
    if (kind < GW_CITE_LAW || kind > GW_CITE_OTHER) kind = GW_CITE_OTHER;
    key(b, K_KIND);
    lua_pushvalue(L, b->keys + K_KINDS + kind);
    lua_rawset(L, -3);
    if (c->law_name[0]) {
      key(b, K_LAW_NAME);
      push_bytes(b, c->law_name, strlen(c->law_name));
      lua_rawset(L, -3);
    }
  }
  set_span(b, c->start, c->stop, c->line);
  append(b);
  return 0;
}

static void add_date(builder *b, const gw_date *d) {
  lua_State *L = b->L;
  char iso[16];
  lua_createtable(L, 0, 5 + (d->month != 0) + (d->day != 0));
  set_int(b, K_YEAR, d->year);
  if (d->month) set_int(b, K_MONTH, d->month);
  if (d->day) set_int(b, K_DAY, d->day);
  if (d->day) snprintf(iso, sizeof iso, "%04d-%02d-%02d", d->year, d->month, d->day);
  else if (d->month) snprintf(iso, sizeof iso, "%04d-%02d", d->year, d->month);
  else snprintf(iso, sizeof iso, "%04d", d->year);
  key(b, K_ISO);
  lua_pushstring(L, iso);
  lua_rawset(L, -3);
  set_span_str(b, K_TEXT, d->start, d->stop);
  set_span(b, d->start, d->stop, line_of(b, d->start) - b->first_line + 1);
  append(b);
}

/* Dates: the core's array (in a userdata with __gc, so a Lua error while
 * the tables are built cannot leak it), then a table for each. */
static void build_dates(builder *b) {
  lua_State *L = b->L;
  gw_results *r = lua_newuserdatauv(L, sizeof *r, 0);
  memset(r, 0, sizeof *r);
  if (luaL_newmetatable(L, "gongwen.Results")) {
    lua_pushcfunction(L, results_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  if (gw_extract_dates(b->s->text, b->s->len, r) != GW_OK) luaL_error(L, "out of memory in extraction");
  builder_init(b, r->n);
  for (size_t i = 0; i < r->n; i++) add_date(b, (const gw_date *)r->data + i);
}

/* Leaves the result array on top of the stack. */
static void build_results(builder *b) {
  lua_State *L = b->L;
  const gw_lexicon *lx = b->what == QUOTES || b->what == DATES ? NULL : state_lexicon(L);
  int rc = GW_OK;
  if (b->what == DATES) {
    build_dates(b);
  } else {
    builder_init(b, 0);
    if (b->what == QUANTITIES) rc = gw_extract_quantities_each(lx, b->s->text, b->s->len, add_quantity, b);
    else if (b->what == CITATIONS) rc = gw_extract_citations_each(lx, b->s->text, b->s->len, add_citation, b);
    else rc = gw_extract_quotes_each(b->s->text, b->s->len, add_citation, b);
  }
  if (rc != GW_OK) luaL_error(L, "extraction failed (code %d)", rc); /* the adders return 0 */
  lua_pushvalue(L, b->array);
}

/* build_results under lua_pcall (argument: the builder); returns the array. */
static int build_protected(lua_State *L) {
  builder *b = lua_touserdata(L, 1);
  b->L = L;
  build_results(b);
  return 1;
}

static int extract(lua_State *L, int what) {
  gwl_subject s;
  gwl_checksubject(L, 1, &s);
  builder b = {.L = L, .s = &s, .what = what};
  if (s.len < PAUSE_MIN_BYTES) {
    build_results(&b);
    return 1;
  }
  /* The collector may be paused during the build: restart it also when the
   * build fails (out of memory), then pass the error on.  Tests make it
   * fail on purpose through the registry (FAIL_AT: the result to fail at). */
  b.may_pause = 1;
  if (lua_getfield(L, LUA_REGISTRYINDEX, FAIL_AT) == LUA_TNUMBER) b.fail_at = lua_tointeger(L, -1);
  lua_pop(L, 1);
  lua_pushcfunction(L, build_protected);
  lua_pushlightuserdata(L, &b);
  int status = lua_pcall(L, 1, 1, 0);
  if (b.paused) lua_gc(L, LUA_GCRESTART);
  if (status != LUA_OK) return lua_error(L);
  return 1;
}

static int l_quantities(lua_State *L) { return extract(L, QUANTITIES); }
static int l_citations(lua_State *L) { return extract(L, CITATIONS); }
static int l_quotes(lua_State *L) { return extract(L, QUOTES); }
static int l_dates(lua_State *L) { return extract(L, DATES); }

/* ------------------------------------------------------------ meta */

static void set_optstr(lua_State *L, const char *k, const char *v) {
  if (!v[0]) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

/* Pushes the meta table of a text: unstated fields are absent (nil). */
static void push_meta(lua_State *L, const char *text, size_t len) {
  gw_meta *m = lua_newuserdatauv(L, sizeof *m, 0); /* big: keep it off the C stack */
  if (gw_extract_meta_lx(state_lexicon(L), text, len, NULL, m) != GW_OK)
    luaL_error(L, "out of memory in gw.meta");
  lua_createtable(L, 0, 7);
  set_optstr(L, "title", m->title);
  set_optstr(L, "org", m->org);
  set_optstr(L, "region", m->region);
  if (m->year) {
    lua_pushinteger(L, m->year);
    lua_setfield(L, -2, "year");
  }
  set_optstr(L, "doc_number", m->doc_number);
  set_optstr(L, "date", m->date);
  set_optstr(L, "addressee", m->addressee);
  lua_remove(L, -2);
}

void gwl_pushmeta(lua_State *L, int doc_idx) {
  doc_idx = lua_absindex(L, doc_idx);
  gw_doc *doc = gwl_checkdoc(L, doc_idx);
  lua_getiuservalue(L, doc_idx, 1);
  if (lua_getfield(L, -1, "meta") == LUA_TTABLE) {
    lua_remove(L, -2);
    return;
  }
  lua_pop(L, 1);
  size_t len;
  const char *text = gw_doc_text(doc, &len);
  push_meta(L, text, len);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "meta");
  lua_remove(L, -2);
}

/* gw.meta(subject): doc.meta for documents, computed afresh for strings. */
static int l_meta(lua_State *L) {
  if (luaL_testudata(L, 1, GWL_DOC)) {
    gwl_pushmeta(L, 1);
    return 1;
  }
  gwl_subject s;
  gwl_checksubject(L, 1, &s);
  push_meta(L, s.text, s.len);
  return 1;
}

/* ------------------------------------------------------------ parts */

void gwl_pushparts(lua_State *L, const char *title, size_t len) {
  const char *parts[4];
  int n = gw_classify_part_lx(state_lexicon(L), title, len, parts);
  lua_createtable(L, n ? n : 1, 0);
  for (int i = 0; i < n; i++) {
    lua_pushstring(L, parts[i]);
    lua_rawseti(L, -2, i + 1);
  }
  if (n == 0) {
    lua_pushliteral(L, "other");
    lua_rawseti(L, -2, 1);
  }
}

static int l_classify_part(lua_State *L) {
  size_t len;
  const char *title = luaL_checklstring(L, 1, &len);
  gwl_pushparts(L, title, len);
  return 1;
}

/* doc:part(name): the level-1 sections whose parts include name, in order. */
static int doc_part(lua_State *L) {
  gw_doc *doc = gwl_checkdoc(L, 1);
  const char *want = luaL_checkstring(L, 2);
  const gw_outline *o = gw_doc_outline(doc);
  if (!o) return luaL_error(L, "out of memory building the outline");
  const char *text = gw_doc_text(doc, NULL);
  lua_newtable(L);
  lua_Integer k = 0;
  for (size_t i = 1; i < o->nsections; i++) {
    const gw_section *sec = &o->sections[i];
    if (sec->level != 1) continue;
    size_t cap = sec->title_stop - sec->title_start + 1;
    char *title = lua_newuserdatauv(L, cap, 0);
    size_t n = gw_section_title(text, sec, title);
    gwl_pushparts(L, title, n);
    int hit = 0;
    for (lua_Integer j = 1; lua_rawgeti(L, -1, j) == LUA_TSTRING; j++) {
      hit |= strcmp(lua_tostring(L, -1), want) == 0;
      lua_pop(L, 1);
    }
    lua_pop(L, 3);
    if (hit) {
      gwl_pushsection(L, 1, (int)i);
      lua_rawseti(L, -2, ++k);
    }
  }
  return 1;
}

void gwl_open_extract(lua_State *L) {
  open_lexicon(L);
  open_names(L);
  static const luaL_Reg fns[] = {
    {"quantities", l_quantities}, {"citations", l_citations}, {"quotes", l_quotes},
    {"dates", l_dates}, {"meta", l_meta}, {"classify_part", l_classify_part}, {NULL, NULL}};
  luaL_setfuncs(L, fns, 0);
  static const luaL_Reg subject_methods[] = {
    {"quantities", l_quantities}, {"citations", l_citations}, {"quotes", l_quotes},
    {"dates", l_dates}, {NULL, NULL}};
  gwl_addmethods(L, GWL_DOC, subject_methods);
  if (luaL_getmetatable(L, GWL_SECTION) == LUA_TTABLE) gwl_addmethods(L, GWL_SECTION, subject_methods);
  lua_pop(L, 1);
  static const luaL_Reg doc_methods[] = {{"part", doc_part}, {NULL, NULL}};
  gwl_addmethods(L, GWL_DOC, doc_methods);
}
