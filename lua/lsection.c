/* lsection.c — the Section type (a view: document + index into the outline
 * that core/outline.c caches on the document) and the outline methods of Doc:
 * doc:outline(), doc:sections(), doc:section(path), doc:find_section(pattern),
 * doc:diagnostics(), doc:preamble(), and gw.outline_text(doc). */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "binding.h"

/* ------------------------------------------------------------ access */

gwl_section *gwl_checksection(lua_State *L, int idx) {
  return (gwl_section *)luaL_checkudata(L, idx, GWL_SECTION);
}

/* The outline of the document at doc_idx (a Doc userdata); raises when the
 * document is closed or memory runs out. */
static const gw_outline *doc_outline(lua_State *L, int doc_idx, gw_doc **docp) {
  gw_doc *doc = gwl_checkdoc(L, doc_idx);
  const gw_outline *o = gw_doc_outline(doc);
  if (!o) luaL_error(L, "out of memory building the outline");
  if (docp) *docp = doc;
  return o;
}

/* Section at idx: pushes its Doc userdata and returns the section. */
static const gw_section *check_section(lua_State *L, int idx, const gw_outline **op, gw_doc **docp) {
  gwl_section *s = gwl_checksection(L, idx);
  lua_getiuservalue(L, idx, 1);
  gwl_doc *d = luaL_testudata(L, -1, GWL_DOC);
  gw_doc *doc = d ? d->doc : NULL;
  if (!doc) luaL_argerror(L, idx, "section of a closed document");
  const gw_outline *o = gw_doc_outline(doc);
  if (!o) luaL_error(L, "out of memory building the outline");
  if (docp) *docp = doc;
  if (s->index < 0 || (size_t)s->index >= o->nsections) luaL_argerror(L, idx, "bad section");
  if (op) *op = o;
  return &o->sections[s->index];
}

/* Pushes the doc's table of Section objects made so far (created on first
 * use with room for all n sections: section i is entry i + 1, and children
 * are scattered indices, which would otherwise land in the table's hash
 * part, rehashed as it grows). */
static void push_section_cache(lua_State *L, int doc_idx, size_t n) {
  lua_getiuservalue(L, doc_idx, 1);                 /* the doc's cache table */
  if (lua_getfield(L, -1, "sections") != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_createtable(L, n < INT_MAX ? (int)n : 0, 0);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "sections");
  }
  lua_remove(L, -2);
}

/* Pushes section i, made once per document and kept in the cache at
 * cache_idx; the Section metatable is at meta_idx. */
static void push_cached_section(lua_State *L, int doc_idx, gw_doc *doc, int cache_idx, int meta_idx, int i) {
  if (lua_rawgeti(L, cache_idx, (lua_Integer)i + 1) == LUA_TUSERDATA) return;
  lua_pop(L, 1);
  gwl_section *s = lua_newuserdatauv(L, sizeof *s, 1);
  s->doc = doc;
  s->index = i;
  lua_pushvalue(L, meta_idx);
  lua_setmetatable(L, -2);
  lua_pushvalue(L, doc_idx);
  lua_setiuservalue(L, -2, 1);
  lua_pushvalue(L, -1);
  lua_rawseti(L, cache_idx, (lua_Integer)i + 1);
}

void gwl_pushsection(lua_State *L, int doc_idx, int i) {
  doc_idx = lua_absindex(L, doc_idx);
  gw_doc *doc = gwl_checkdoc(L, doc_idx);
  const gw_outline *o = gw_doc_outline(doc);
  push_section_cache(L, doc_idx, o ? o->nsections : 0);
  luaL_getmetatable(L, GWL_SECTION);
  push_cached_section(L, doc_idx, doc, lua_gettop(L) - 1, lua_gettop(L), i);
  lua_replace(L, -3);
  lua_pop(L, 1);
}

/* ------------------------------------------------------------ text helpers */

static void push_clean(lua_State *L, const char *text, size_t start, size_t stop) {
  luaL_Buffer b;
  size_t n = stop > start ? stop - start : 0;
  char *out = luaL_buffinitsize(L, &b, n + 1);
  luaL_pushresultsize(&b, gw_clean_text(text + start, n, out));
}

static void push_title(lua_State *L, const char *text, const gw_section *s) {
  luaL_Buffer b;
  size_t n = s->title_stop > s->title_start ? s->title_stop - s->title_start : 0;
  char *out = luaL_buffinitsize(L, &b, n + 1);
  luaL_pushresultsize(&b, gw_section_title(text, s, out));
}

/* Position of each section among its siblings (1-based), computed once per
 * document and kept in its cache table, so paths cost no sibling walks. */
static const int *sibling_positions(lua_State *L, int doc_idx, const gw_outline *o) {
  lua_getiuservalue(L, doc_idx, 1);
  if (lua_getfield(L, -1, "section_positions") == LUA_TUSERDATA) {
    const int *pos = lua_touserdata(L, -1);
    lua_pop(L, 2);
    return pos;
  }
  lua_pop(L, 1);
  int *pos = lua_newuserdatauv(L, o->nsections * sizeof *pos, 0);
  pos[0] = 0;
  for (size_t i = 0; i < o->nsections; i++) {
    int k = 0;
    for (int c = o->sections[i].first_child; c >= 0; c = o->sections[c].next_sibling) pos[c] = ++k;
  }
  lua_setfield(L, -2, "section_positions");
  lua_pop(L, 1);
  return pos;
}

static void push_path(lua_State *L, int doc_idx, const gw_outline *o, int i) {
  const int *pos = sibling_positions(L, doc_idx, o);
  int path[64], n = 0;
  for (int c = i; c > 0 && n < 64; c = o->sections[c].parent) path[n++] = pos[c];
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int k = n - 1; k >= 0; k--) {
    if (k != n - 1) luaL_addchar(&b, '.');
    lua_pushinteger(L, path[k]);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
}

static int depth_of(const gw_outline *o, int i) {
  int d = 0;
  for (int c = i; c > 0; c = o->sections[c].parent) d++;
  return d;
}

/* parts of a level-1 section as an array ({"other"} when none), else nil. */
static void push_parts(lua_State *L, const char *text, const gw_section *s, int first_only) {
  if (s->level != 1) { lua_pushnil(L); return; }
  push_title(L, text, s);
  size_t len;
  const char *title = lua_tolstring(L, -1, &len);
  gwl_pushparts(L, title, len);
  lua_remove(L, -2); /* the title */
  if (first_only) {
    lua_rawgeti(L, -1, 1);
    lua_remove(L, -2); /* the array */
  }
}

/* ------------------------------------------------------------ Section */

enum field {
  F_NONE, F_LEVEL, F_NUMBER, F_LABEL, F_TITLE, F_NUMBERED, F_PATH, F_DEPTH, F_LINE, F_START,
  F_STOP, F_PARENT, F_CHILDREN, F_PART, F_PARTS
};

/* The field named key, by its first letter then in full (every field read
 * goes through here; a chain of strcmp showed in profiles of many documents). */
static enum field field_of(const char *key) {
  static const struct { const char *name; enum field f; } fields[] = {
    {"level", F_LEVEL}, {"label", F_LABEL}, {"line", F_LINE}, {"number", F_NUMBER},
    {"numbered", F_NUMBERED}, {"title", F_TITLE}, {"path", F_PATH}, {"parent", F_PARENT},
    {"part", F_PART}, {"parts", F_PARTS}, {"depth", F_DEPTH}, {"start", F_START},
    {"stop", F_STOP}, {"children", F_CHILDREN}};
  for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
    if (fields[k].name[0] == key[0] && strcmp(fields[k].name, key) == 0) return fields[k].f;
  return F_NONE;
}

/* Fields computed from the core section; methods come from __methods. */
static int section_index(lua_State *L) {
  const gw_outline *o;
  gw_doc *doc;
  const gw_section *s = check_section(L, 1, &o, &doc);
  int doc_idx = lua_gettop(L);
  int i = ((gwl_section *)lua_touserdata(L, 1))->index;
  const char *key = lua_tostring(L, 2);
  if (!key) return 0;
  enum field f = field_of(key);
  if (f == F_NONE) {  /* a method, or nothing */
    lua_getmetatable(L, 1);
    if (lua_getfield(L, -1, "__methods") == LUA_TTABLE) lua_getfield(L, -1, key);
    else lua_pushnil(L);
    return 1;
  }
  const char *text = gw_doc_text(doc, NULL);
  switch (f) {
  case F_LEVEL: lua_pushinteger(L, s->level); break;
  case F_NUMBER:
    if (s->numbered) lua_pushinteger(L, s->number);
    else lua_pushnil(L);
    break;
  case F_LABEL:
    if (s->numbered) lua_pushlstring(L, text + s->label_start, s->label_stop - s->label_start);
    else lua_pushnil(L);
    break;
  case F_TITLE: push_title(L, text, s); break;
  case F_NUMBERED: lua_pushboolean(L, s->numbered); break;
  case F_PATH: push_path(L, doc_idx, o, i); break;
  case F_DEPTH: lua_pushinteger(L, depth_of(o, i)); break;
  case F_LINE: lua_pushinteger(L, (lua_Integer)s->line); break;
  case F_START: lua_pushinteger(L, (lua_Integer)s->start + 1); break;
  case F_STOP: lua_pushinteger(L, (lua_Integer)s->stop); break;
  case F_PARENT:
    if (s->parent >= 0) gwl_pushsection(L, doc_idx, s->parent);
    else lua_pushnil(L);
    break;
  case F_CHILDREN: {
    push_section_cache(L, doc_idx, o->nsections);  /* looked up once, not once per child */
    luaL_getmetatable(L, GWL_SECTION);
    int cache = lua_gettop(L) - 1;
    lua_createtable(L, s->nchildren, 0);
    lua_Integer k = 0;
    for (int c = s->first_child; c >= 0; c = o->sections[c].next_sibling) {
#ifdef __GNUC__
      /* Siblings are a chain: each hop waits for the memory of the one
       * before (100 ns on an outline larger than the cache: 12 ms for the
       * 125,113 children of a 256 MiB file's root).  The next sibling is the
       * slot after this one's subtree, usually a few slots on: fetch those
       * while this one is made.  Addresses as integers: a prefetch past the
       * array's end is harmless.  (Inline: GCC drops a call to a function
       * that only prefetches.) */
      uintptr_t here = (uintptr_t)&o->sections[c].next_sibling;
      __builtin_prefetch((const void *)(here + 3 * sizeof *o->sections));
      __builtin_prefetch((const void *)(here + 6 * sizeof *o->sections));
#endif
      push_cached_section(L, doc_idx, doc, cache, cache + 1, c);
      lua_rawseti(L, -2, ++k);
    }
    break;
  }
  case F_PART: push_parts(L, text, s, 1); break;
  case F_PARTS: push_parts(L, text, s, 0); break;
  case F_NONE: lua_pushnil(L); break;
  }
  return 1;
}

/* section:text(): heading and body as in the document. */
static int section_text(lua_State *L) {
  gw_doc *doc;
  const gw_section *s = check_section(L, 1, NULL, &doc);
  lua_pushlstring(L, gw_doc_text(doc, NULL) + s->start, s->stop - s->start);
  return 1;
}

/* section:body(): the reader's text after the heading (children included). */
static int section_body(lua_State *L) {
  gw_doc *doc;
  const gw_section *s = check_section(L, 1, NULL, &doc);
  luaL_Buffer b;
  char *out = luaL_buffinitsize(L, &b, s->stop - s->body_start + 1);
  luaL_pushresultsize(&b, gw_section_body(gw_doc_text(doc, NULL), s, out));
  return 1;
}

/* section:items(): the inline enumerations of its own body. */
static int section_items(lua_State *L) {
  gw_doc *doc;
  const gw_section *s = check_section(L, 1, NULL, &doc);
  const char *text = gw_doc_text(doc, NULL);
  gw_item small[32], *items = small;
  size_t n = gw_section_items(text, s, small, sizeof small / sizeof *small);
  if (n > sizeof small / sizeof *small) {  /* rare: a buffer the GC frees */
    items = lua_newuserdatauv(L, n * sizeof *items, 0);
    gw_section_items(text, s, items, n);
  }
  lua_createtable(L, (int)n, 0);
  for (size_t k = 0; k < n; k++) {
    const gw_item *it = &items[k];
    size_t line;
    gw_doc_position(doc, it->start, &line, NULL);
    lua_createtable(L, 0, 5);
    lua_pushinteger(L, it->number);
    lua_setfield(L, -2, "number");
    push_clean(L, text, it->start, it->stop);
    lua_setfield(L, -2, "text");
    lua_pushinteger(L, (lua_Integer)it->start + 1);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)it->stop);
    lua_setfield(L, -2, "stop");
    lua_pushinteger(L, (lua_Integer)line);
    lua_setfield(L, -2, "line");
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  return 1;
}

/* The indented tree: one line per section, "line  label title". */
static void push_tree(lua_State *L, const gw_doc *doc, const gw_outline *o) {
  const char *text = gw_doc_text(doc, NULL);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (size_t i = 1; i < o->nsections; i++) {
    const gw_section *s = &o->sections[i];
    char num[32];
    snprintf(num, sizeof num, "%5zu  ", s->line);
    luaL_addstring(&b, num);
    for (int d = depth_of(o, (int)i); d > 1; d--) luaL_addstring(&b, "  ");
    luaL_addlstring(&b, text + s->label_start, s->label_stop - s->label_start);
    push_title(L, text, s);
    luaL_addvalue(&b);
    luaL_addchar(&b, '\n');
  }
  luaL_pushresult(&b);
}

static int section_tostring(lua_State *L) {
  const gw_outline *o;
  gw_doc *doc;
  const gw_section *s = check_section(L, 1, &o, &doc);
  if (s->parent < 0) {
    push_tree(L, doc, o);
    return 1;
  }
  int i = ((gwl_section *)lua_touserdata(L, 1))->index;
  const char *text = gw_doc_text(doc, NULL);
  push_path(L, lua_gettop(L), o, i);
  lua_pushlstring(L, text + s->label_start, s->label_stop - s->label_start);
  push_title(L, text, s);
  lua_pushfstring(L, "Section %s %s%s (line %d)", lua_tostring(L, -3), lua_tostring(L, -2),
                  lua_tostring(L, -1), (int)s->line);
  return 1;
}

/* ------------------------------------------------------------ Doc methods */

static int doc_outline_root(lua_State *L) {
  doc_outline(L, 1, NULL);
  gwl_pushsection(L, 1, 0);
  return 1;
}

static int sections_next(lua_State *L) {
  const gw_outline *o = doc_outline(L, lua_upvalueindex(1), NULL);
  lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
  if (i >= (lua_Integer)o->nsections) return 0;
  lua_pushinteger(L, i + 1);
  lua_replace(L, lua_upvalueindex(2));
  gwl_pushsection(L, lua_upvalueindex(1), (int)i);
  return 1;
}

/* doc:sections(): every section but the root, depth-first (document order). */
static int doc_sections(lua_State *L) {
  doc_outline(L, 1, NULL);
  lua_settop(L, 1);
  lua_pushinteger(L, 1);
  lua_pushcclosure(L, sections_next, 2);
  return 1;
}

/* doc:section("1.2"): by path (positions among siblings); "" is the root. */
static int doc_section(lua_State *L) {
  const gw_outline *o = doc_outline(L, 1, NULL);
  const char *path = luaL_checkstring(L, 2);
  int cur = 0;
  while (*path) {
    char *end;
    long k = strtol(path, &end, 10);
    if (end == path || k < 1 || (*end && *end != '.')) return luaL_argerror(L, 2, "path like \"1.2\" expected");
    int c = o->sections[cur].first_child;
    while (c >= 0 && --k > 0) c = o->sections[c].next_sibling;
    if (c < 0) { lua_pushnil(L); return 1; }
    cur = c;
    path = *end ? end + 1 : end;
  }
  gwl_pushsection(L, 1, cur);
  return 1;
}

/* doc:find_section(pattern [, plain]): first section (document order) whose
 * title matches the Lua pattern, as string.find does (plain: no magic). */
static int doc_find_section(lua_State *L) {
  gw_doc *doc;
  const gw_outline *o = doc_outline(L, 1, &doc);
  luaL_checkstring(L, 2);
  int plain = lua_toboolean(L, 3);
  const char *text = gw_doc_text(doc, NULL);
  lua_pushliteral(L, "");
  luaL_getmetafield(L, -1, "__index");
  lua_getfield(L, -1, "find");
  int find = lua_gettop(L);
  for (size_t i = 1; i < o->nsections; i++) {
    lua_pushvalue(L, find);
    push_title(L, text, &o->sections[i]);
    lua_pushvalue(L, 2);
    lua_pushinteger(L, 1);
    lua_pushboolean(L, plain);
    lua_call(L, 4, 1);
    int hit = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (hit) {
      gwl_pushsection(L, 1, (int)i);
      return 1;
    }
  }
  lua_pushnil(L);
  return 1;
}

static int doc_diagnostics(lua_State *L) {
  const gw_outline *o = doc_outline(L, 1, NULL);
  lua_createtable(L, (int)o->ndiags, 0);
  for (size_t i = 0; i < o->ndiags; i++) {
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, (lua_Integer)o->diags[i].line);
    lua_setfield(L, -2, "line");
    lua_pushstring(L, o->diags[i].message);
    lua_setfield(L, -2, "message");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* doc:preamble(): title block, document number, addressee... as written. */
static int doc_preamble(lua_State *L) {
  gw_doc *doc;
  const gw_outline *o = doc_outline(L, 1, &doc);
  lua_pushlstring(L, gw_doc_text(doc, NULL) + o->preamble_start, o->preamble_stop - o->preamble_start);
  return 1;
}

/* gw.outline_text(doc): what scripts/outline.lua prints. */
static int l_outline_text(lua_State *L) {
  gw_doc *doc;
  const gw_outline *o = doc_outline(L, 1, &doc);
  push_tree(L, doc, o);
  return 1;
}

void gwl_open_section(lua_State *L) {
  static const luaL_Reg meta[] = {
    {"__index", section_index}, {"__tostring", section_tostring}, {NULL, NULL}};
  static const luaL_Reg methods[] = {
    {"text", section_text}, {"body", section_body}, {"items", section_items}, {NULL, NULL}};
  static const luaL_Reg doc_methods[] = {
    {"outline", doc_outline_root}, {"sections", doc_sections}, {"section", doc_section},
    {"find_section", doc_find_section}, {"diagnostics", doc_diagnostics},
    {"preamble", doc_preamble}, {NULL, NULL}};
  luaL_newmetatable(L, GWL_SECTION);
  luaL_setfuncs(L, meta, 0);
  luaL_newlib(L, methods);
  lua_setfield(L, -2, "__methods");
  lua_pop(L, 1);
  gwl_addmethods(L, GWL_DOC, doc_methods);
  lua_pushcfunction(L, l_outline_text);
  lua_setfield(L, -2, "outline_text");
}
