/* lextract.c — the extractors in Lua: gw.quantities, gw.citations,
 * gw.quotes, gw.dates, gw.meta, gw.classify_part, doc.meta, doc:part().
 * Results are plain tables with 1-based inclusive byte offsets into the
 * subject (doc:text() for documents and sections) and the line. */
#include <stdio.h>
#include <string.h>
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

static void set_int(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

static void set_str(lua_State *L, const char *k, const char *s, size_t n) {
  lua_pushlstring(L, s, n);
  lua_setfield(L, -2, k);
}

/* Lines of results in text order: counts newlines from the previous result
 * on, so a whole document costs one pass (no search or column count per
 * result, no rescan from the start for string subjects). */
typedef struct line_cursor { const gwl_subject *s; size_t off, line; } line_cursor;

static size_t line_of(line_cursor *c, size_t off) {
  if (c->line == 0 || off < c->off) { /* first use, or out of order: ask the subject */
    size_t column;
    gwl_subject_position(c->s, off, &c->line, &column);
    c->off = off;
    return c->line;
  }
  const char *p = c->s->text + c->off, *end = c->s->text + off;
  while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) { c->line++; p++; }
  c->off = off;
  return c->line;
}

/* start, stop (1-based inclusive, into doc:text() for documents) and line. */
static void set_span(lua_State *L, line_cursor *lc, size_t b, size_t e) {
  set_int(L, "start", (lua_Integer)(lc->s->base + b + 1));
  set_int(L, "stop", (lua_Integer)(lc->s->base + e));
  set_int(L, "line", (lua_Integer)line_of(lc, b));
}

static int l_quantities(lua_State *L) {
  gwl_subject s;
  gw_results *r = run_extractor(L, 1, &s, gw_extract_quantities_lx);
  line_cursor lc = {&s, 0, 0};
  lua_createtable(L, (int)r->n, 0);
  for (size_t i = 0; i < r->n; i++) {
    const gw_quantity *q = (const gw_quantity *)r->data + i;
    lua_createtable(L, 0, 10);
    if (q->value == (double)(lua_Integer)q->value) lua_pushinteger(L, (lua_Integer)q->value);
    else lua_pushnumber(L, q->value);
    lua_setfield(L, -2, "value");
    set_str(L, "unit", s.text + q->unit_start, q->unit_stop - q->unit_start);
    lua_pushboolean(L, q->approx);
    lua_setfield(L, -2, "approx");
    if (q->approx) set_str(L, "approx_word", s.text + q->approx_start, q->approx_stop - q->approx_start);
    set_str(L, "subject", s.text + q->subject_start, q->subject_stop - q->subject_start);
    set_str(L, "number", s.text + q->num_start, q->num_stop - q->num_start);
    set_str(L, "text", s.text + q->start, q->stop - q->start);
    set_span(L, &lc, q->start, q->stop);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static void push_citations(lua_State *L, const gwl_subject *s, const gw_results *r, int quotes) {
  line_cursor lc = {s, 0, 0};
  lua_createtable(L, (int)r->n, 0);
  for (size_t i = 0; i < r->n; i++) {
    const gw_citation *c = (const gw_citation *)r->data + i;
    lua_createtable(L, 0, 6);
    const char *t = s->text + c->title_start;
    size_t n = c->title_stop - c->title_start;
    set_str(L, quotes ? "text" : "title", t, n);
    if (!quotes) {
      lua_pushstring(L, gw_citation_kind_name(c->kind));
      lua_setfield(L, -2, "kind");
      if (c->law_name[0]) {
        lua_pushstring(L, c->law_name);
        lua_setfield(L, -2, "law_name");
      }
    }
    set_span(L, &lc, c->start, c->stop);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static int l_citations(lua_State *L) {
  gwl_subject s;
  gw_results *r = run_extractor(L, 1, &s, gw_extract_citations_lx);
  push_citations(L, &s, r, 0);
  return 1;
}

static int l_quotes(lua_State *L) {
  gwl_subject s;
  gw_results *r = run_extractor(L, 1, &s, quotes_lx);
  push_citations(L, &s, r, 1);
  return 1;
}

static int l_dates(lua_State *L) {
  gwl_subject s;
  gw_results *r = run_extractor(L, 1, &s, dates_lx);
  line_cursor lc = {&s, 0, 0};
  lua_createtable(L, (int)r->n, 0);
  for (size_t i = 0; i < r->n; i++) {
    const gw_date *d = (const gw_date *)r->data + i;
    char iso[16];
    lua_createtable(L, 0, 8);
    set_int(L, "year", d->year);
    if (d->month) set_int(L, "month", d->month);
    if (d->day) set_int(L, "day", d->day);
    if (d->day) snprintf(iso, sizeof iso, "%04d-%02d-%02d", d->year, d->month, d->day);
    else if (d->month) snprintf(iso, sizeof iso, "%04d-%02d", d->year, d->month);
    else snprintf(iso, sizeof iso, "%04d", d->year);
    lua_pushstring(L, iso);
    lua_setfield(L, -2, "iso");
    set_str(L, "text", s.text + d->start, d->stop - d->start);
    set_span(L, &lc, d->start, d->stop);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

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
  if (m->year) set_int(L, "year", m->year);
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

/* Pushes the parts of a title as an array; {"other"} when none matches. */
static void push_parts(lua_State *L, const char *title, size_t len) {
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
  push_parts(L, title, len);
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
    push_parts(L, title, n);
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
