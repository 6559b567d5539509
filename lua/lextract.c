/* lextract.c — the extractors in Lua: gw.quantities, gw.citations,
 * gw.quotes, gw.dates, gw.meta, gw.classify_part, doc.meta, doc:part().
 * Results are plain tables with 1-based inclusive byte offsets into the
 * subject (doc:text() for documents and sections) and the line. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <math.h>

#include "binding.h"

typedef int (*extract_fn)(const gw_lexicon *lx, const char *text, size_t len, gw_results *out);

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

static int quotes_lx(const gw_lexicon *lx, const char *text, size_t len, gw_results *out) {
  (void)lx;
  return gw_extract_quotes(text, len, out);
}

static int dates_lx(const gw_lexicon *lx, const char *text, size_t len, gw_results *out) {
  (void)lx;
  return gw_extract_dates(text, len, out);
}

static int results_gc(lua_State *L) {
  gw_results *r = lua_touserdata(L, 1);
  gw_results_free(r);
  return 0;
}

/* Runs an extractor on the subject at idx.  The results array is malloc'd:
 * it lives in a userdata with __gc so a Lua error while building the tables
 * (out of memory) cannot leak it. */
static gw_results *run_extractor(lua_State *L, int idx, gwl_subject *s, extract_fn fn) {
  gwl_checksubject(L, idx, s);
  gw_results *r = lua_newuserdatauv(L, sizeof *r, 0);
  memset(r, 0, sizeof *r);
  if (luaL_newmetatable(L, "gongwen.Results")) {
    lua_pushcfunction(L, results_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  if (fn(state_lexicon(L), s->text, s->len, r) != GW_OK) luaL_error(L, "out of memory in extraction");
  return r;
}

/* Result tables are built by a builder: the field names (made once per
 * state, kept in the registry) are copied onto the stack once per call, so
 * each field is one lua_rawset with a ready key (lua_setfield would look the
 * C string up in the string cache for every field of every result).  The
 * quantity and citation extractors count lines as they go (the text is then
 * still in cache); dates get theirs from a cursor that moves forward through
 * the subject with the results, which are in text order. */
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
 * and a copy each).  Entry i holds the hash and length of the string kept in
 * stack slot first + i; a hit is confirmed against that string's bytes
 * (recently used, so in cache, unlike its first place in the text).  Small
 * results skip it (setting it up costs more than it saves). */
#define CACHE_MIN 64
#define CACHE_MAX_BITS 13
typedef struct cached { uint64_t hash; size_t len; } cached; /* len 0: empty */

typedef struct builder {
  lua_State *L;
  const gwl_subject *s;
  const gw_results *r;
  int keys;            /* stack index of the name K_VALUE; the others follow */
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

static void builder_init(builder *b) {
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
  if (b->r->n >= CACHE_MIN) {
    b->bits = 8;
    while (b->bits < CACHE_MAX_BITS && ((size_t)1 << b->bits) < b->r->n) b->bits++;
    size_t n = (size_t)1 << b->bits;
    luaL_checkstack(L, (int)n + 8, NULL);
    b->cache = lua_newuserdatauv(L, n * sizeof *b->cache, 0);
    memset(b->cache, 0, n * sizeof *b->cache);
    b->first = lua_gettop(L) + 1;
    lua_settop(L, b->first + (int)n - 1); /* the slots, nil */
  }
}

/* Multiplicative hash of n bytes, 8 at a time: cheaper than Lua's
 * byte-by-byte one; the top bits pick the entry. */
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
  if (c->hash == hash && c->len == n && n > 0 && memcmp(lua_tostring(L, slot), p, n) == 0) {
    lua_pushvalue(L, slot);
    return;
  }
  lua_pushlstring(L, p, n);
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

static void push_quantities(builder *b) {
  lua_State *L = b->L;
  lua_createtable(L, (int)b->r->n, 0);
  for (size_t i = 0; i < b->r->n; i++) {
    const gw_quantity *q = (const gw_quantity *)b->r->data + i;
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
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* Citations, or with quotes the “…” terms (text, no kind or law name). */
static void push_citations(builder *b, int quotes) {
  lua_State *L = b->L;
  lua_createtable(L, (int)b->r->n, 0);
  for (size_t i = 0; i < b->r->n; i++) {
    const gw_citation *c = (const gw_citation *)b->r->data + i;
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
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static void push_dates(builder *b) {
  lua_State *L = b->L;
  lua_createtable(L, (int)b->r->n, 0);
  for (size_t i = 0; i < b->r->n; i++) {
    const gw_date *d = (const gw_date *)b->r->data + i;
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
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

enum { QUANTITIES, CITATIONS, QUOTES, DATES };

static void build_results(builder *b, int what) {
  builder_init(b);
  switch (what) {
  case QUANTITIES: push_quantities(b); break;
  case CITATIONS: push_citations(b, 0); break;
  case QUOTES: push_citations(b, 1); break;
  default: push_dates(b); break;
  }
}

typedef struct build_job { builder *b; int what; } build_job;

/* build_results under lua_pcall (argument: a build_job); returns the array. */
static int build_protected(lua_State *L) {
  build_job *job = lua_touserdata(L, 1);
  job->b->L = L;
  build_results(job->b, job->what);
  return 1;
}

/* From this many results on, the collector is paused while they are built:
 * every object made then stays reachable from the array being built, and an
 * incremental collection would traverse that growing array again and again
 * (about 15% of gw.quantities on a 256 MiB document).  Not for small
 * results: restarting the collector makes it take a step soon, which costs
 * more than building a few tables.  (Lending the collector credit with
 * LUA_GCSTEP instead, and paying it back after the build, keeps its
 * allowance but makes it collect right then, while all the new results are
 * alive: measured slower when a script drops them soon.) */
#define PAUSE_MIN 4096

static int extract(lua_State *L, extract_fn fn, int what) {
  gwl_subject s;
  gw_results *r = run_extractor(L, 1, &s, fn);
  builder b = {.L = L, .s = &s, .r = r};
  int running = r->n >= PAUSE_MIN && lua_gc(L, LUA_GCISRUNNING);
  if (!running) {
    build_results(&b, what);
    return 1;
  }
  /* Restart the collector also when building fails (out of memory). */
  build_job job = {&b, what};
  lua_gc(L, LUA_GCSTOP);
  lua_pushcfunction(L, build_protected);
  lua_pushlightuserdata(L, &job);
  int status = lua_pcall(L, 1, 1, 0);
  lua_gc(L, LUA_GCRESTART);
  if (status != LUA_OK) return lua_error(L);
  return 1;
}

static int l_quantities(lua_State *L) { return extract(L, gw_extract_quantities_lx, QUANTITIES); }
static int l_citations(lua_State *L) { return extract(L, gw_extract_citations_lx, CITATIONS); }
static int l_quotes(lua_State *L) { return extract(L, quotes_lx, QUOTES); }
static int l_dates(lua_State *L) { return extract(L, dates_lx, DATES); }

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
