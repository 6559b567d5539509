/* ldoc.c — the Doc type (gw.open, gw.parse) and the binding's shared helpers
 * for subjects and errors, and gw.corpus. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "binding.h"

/* ------------------------------------------------------------ errors */

int gwl_pusherror(lua_State *L, const gw_error *err) {
  luaL_pushfail(L);
  lua_pushstring(L, err->message);
  lua_createtable(L, 0, 4);
  lua_pushstring(L, gw_code_name(err->code));
  lua_setfield(L, -2, "code");
  if (err->offset != GW_NOPOS) {
    lua_pushinteger(L, (lua_Integer)err->offset + 1);
    lua_setfield(L, -2, "offset");
  }
  if (err->line) {
    lua_pushinteger(L, (lua_Integer)err->line);
    lua_setfield(L, -2, "line");
  }
  if (err->column) {
    lua_pushinteger(L, (lua_Integer)err->column);
    lua_setfield(L, -2, "column");
  }
  return 3;
}

int gwl_raise(lua_State *L, const gw_error *err) {
  return luaL_error(L, "%s", err->message);
}

/* ------------------------------------------------------------ Doc userdata */

/* The Doc metatable is also kept in the registry under this address: a
 * light-userdata look-up costs less than luaL_checkudata's look-up by name. */
static const char doc_meta_key = 'D';

static gwl_doc *test_doc(lua_State *L, int idx) {
  return gwl_testudata(L, idx, &doc_meta_key);
}

/* As luaL_checkudata(L, idx, GWL_DOC), with the same error when it fails. */
static gwl_doc *check_doc_udata(lua_State *L, int idx) {
  gwl_doc *d = test_doc(L, idx);
  return d ? d : luaL_checkudata(L, idx, GWL_DOC);
}

gw_doc *gwl_checkdoc(lua_State *L, int idx) {
  gwl_doc *d = check_doc_udata(L, idx);
  if (!d->doc) luaL_argerror(L, idx, "document is closed");
  return d->doc;
}

/* The fields of a load options table, in the order they are checked. */
static const char *const load_fields[] = {"name", "encoding", "invalid", "max_bytes"};
#define ALL_LOAD_FIELDS 15u

/* Which load_fields the table at idx may hold, as bits.  A small plain table
 * (what the host and most callers pass) is walked once instead of being
 * searched for every field; with a metatable, or many entries, every field
 * is looked up as usual. */
static unsigned present_fields(lua_State *L, int idx) {
  if (lua_getmetatable(L, idx)) {
    lua_pop(L, 1);
    return ALL_LOAD_FIELDS;
  }
  unsigned bits = 0;
  int entries = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (++entries > 8) {
      lua_pop(L, 1);
      return ALL_LOAD_FIELDS;
    }
    if (lua_type(L, -1) != LUA_TSTRING) continue;
    const char *key = lua_tostring(L, -1);
    for (unsigned i = 0; i < 4; i++)
      if (strcmp(key, load_fields[i]) == 0) bits |= 1u << i;
  }
  return bits;
}

/* Pushes field i of the options table at idx (nil when bits says it is
 * absent) and returns its type. */
static int get_load_field(lua_State *L, int idx, unsigned bits, unsigned i) {
  if (bits & (1u << i)) return lua_getfield(L, idx, load_fields[i]);
  lua_pushnil(L);
  return LUA_TNIL;
}

/* Load options from the table at idx (absent or nil: defaults).  The four
 * values looked up stay on the stack, so the name string stays valid while
 * the caller runs (a number name is converted to a string only there). */
static void check_load_opts(lua_State *L, int idx, gw_load_opts *o) {
  static const char *const encodings[] = {"utf-8", "gb18030", "auto", NULL};
  static const char *const invalid[] = {"error", "replace", NULL};
  memset(o, 0, sizeof *o);
  if (lua_isnoneornil(L, idx)) return;
  luaL_checktype(L, idx, LUA_TTABLE);
  idx = lua_absindex(L, idx);
  unsigned bits = present_fields(L, idx);
  if (get_load_field(L, idx, bits, 0) != LUA_TNIL) {
    if (!lua_isstring(L, -1)) luaL_argerror(L, idx, "opts.name must be a string");
    o->name = lua_tostring(L, -1);
  }
  if (get_load_field(L, idx, bits, 1) != LUA_TNIL) {
    const char *e = lua_tostring(L, -1);
    int i = 0;
    while (e && encodings[i] && strcmp(encodings[i], e) != 0) i++;
    if (!e || !encodings[i])
      luaL_argerror(L, idx, "opts.encoding must be \"utf-8\", \"gb18030\" or \"auto\"");
    o->encoding = (gw_encoding)i;
  }
  if (get_load_field(L, idx, bits, 2) != LUA_TNIL) {
    const char *e = lua_tostring(L, -1);
    if (e && strcmp(e, invalid[1]) == 0) o->replace_invalid = 1;
    else if (!e || strcmp(e, invalid[0]) != 0)
      luaL_argerror(L, idx, "opts.invalid must be \"error\" or \"replace\"");
  }
  if (get_load_field(L, idx, bits, 3) != LUA_TNIL) {
    int isint;
    lua_Integer m = lua_tointegerx(L, -1, &isint);
    if (!isint || m <= 0) luaL_argerror(L, idx, "opts.max_bytes must be a positive integer");
    o->max_bytes = (size_t)m;
  }
}

/* Pushes a new, empty Doc userdata (metatable and cache table set), ready to
 * receive a gw_doc: if anything fails later, __gc has nothing to free. */
static gwl_doc *new_doc(lua_State *L) {
  gwl_doc *d = lua_newuserdatauv(L, sizeof *d, 1);
  d->doc = NULL;
  lua_pushvalue(L, lua_upvalueindex(2)); /* the Doc metatable */
  lua_setmetatable(L, -2);
  lua_newtable(L);
  lua_setiuservalue(L, -2, 1);
  return d;
}

/* The functions here that open or close documents have two upvalues: the
 * budget below and the Doc metatable.
 *
 * The Lua GC does not see the documents' malloc'd text.  Upvalue 1 of the
 * functions that open and close documents counts the text bytes of the Docs
 * still open in this state; beyond LIVE_SLACK each new document pushes the
 * GC along by its size, so a loop that drops documents unclosed still frees
 * them as it goes, while one that closes them (<close>, :close(), the host)
 * pays for no GC steps. */
typedef struct doc_budget { size_t live; } doc_budget;
#define LIVE_SLACK ((size_t)4 << 20)

static doc_budget *budget(lua_State *L) {
  return lua_touserdata(L, lua_upvalueindex(1));
}

static void account_memory(lua_State *L, const gw_doc *doc) {
  doc_budget *b = budget(L);
  size_t bytes = gw_doc_input_bytes(doc), kib = bytes / 1024;
  b->live += bytes;
  if (b->live > LIVE_SLACK && kib) lua_gc(L, LUA_GCSTEP, kib > INT_MAX ? INT_MAX : (int)kib);
}

/* Ends a load into the Doc on top of the stack: keeps it and returns 1, or
 * replaces it by nil, message, details and returns 3. */
static int finish_load(lua_State *L, gwl_doc *d, int rc, const gw_error *err) {
  if (rc != 0) {
    lua_pop(L, 1);
    return gwl_pusherror(L, err);
  }
  account_memory(L, d->doc);
  return 1;
}

/* Opens path as a Doc (shared by gw.open and gw.corpus). */
static int push_open(lua_State *L, const char *path, const gw_load_opts *opts) {
  gwl_doc *d = new_doc(L);
  gw_error err;
  return finish_load(L, d, gw_doc_open(path, opts, &d->doc, &err), &err);
}

static int l_open(lua_State *L) {
  size_t len;
  const char *path = luaL_checklstring(L, 1, &len);
  luaL_argcheck(L, strlen(path) == len, 1, "path contains a NUL byte");
  gw_load_opts opts;
  check_load_opts(L, 2, &opts);
  return push_open(L, path, &opts);
}

static int l_parse(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  gw_load_opts opts;
  check_load_opts(L, 2, &opts);
  gwl_doc *d = new_doc(L);
  gw_error err;
  return finish_load(L, d, gw_doc_from_memory(s, len, &opts, &d->doc, &err), &err);
}

/* ------------------------------------------------------------ subjects */

void gwl_checksubject(lua_State *L, int idx, gwl_subject *s) {
  memset(s, 0, sizeof *s);
  if (lua_type(L, idx) == LUA_TSTRING) {
    s->text = lua_tolstring(L, idx, &s->len);
    return;
  }
  if (test_doc(L, idx)) {
    s->doc = gwl_checkdoc(L, idx);
    s->text = gw_doc_text(s->doc, &s->len);
    s->trusted = 1;
    return;
  }
  gwl_section *sec = luaL_testudata(L, idx, GWL_SECTION);
  if (sec) {
    /* The document through the user value: sec->doc dangles once it is closed. */
    lua_getiuservalue(L, idx, 1);
    gwl_doc *d = test_doc(L, -1);
    lua_pop(L, 1);
    if (!d || !d->doc) luaL_argerror(L, idx, "section of a closed document");
    const gw_outline *o = gw_doc_outline(d->doc);
    if (!o) luaL_error(L, "out of memory building the outline");
    luaL_argcheck(L, sec->index >= 0 && (size_t)sec->index < o->nsections, idx, "bad section");
    const gw_section *sn = &o->sections[sec->index];
    s->doc = d->doc;
    s->text = gw_doc_text(d->doc, NULL) + sn->start;
    s->len = sn->stop - sn->start;
    s->base = sn->start;
    s->trusted = 1;
    return;
  }
  luaL_typeerror(L, idx, "string, document or section");
}

void gwl_subject_position(const gwl_subject *s, size_t offset, size_t *line, size_t *column) {
  if (s->doc) gw_doc_position(s->doc, s->base + offset, line, column);
  else gw_text_position(s->text, s->len, offset, line, column);
}

/* ------------------------------------------------------------ Doc methods */

/* doc:close(), __close and __gc: frees the text once; later uses raise. */
static int doc_close(lua_State *L) {
  gwl_doc *d = NULL;
  if (lua_type(L, 1) == LUA_TUSERDATA && lua_getmetatable(L, 1)) {
    if (lua_rawequal(L, -1, lua_upvalueindex(2))) d = lua_touserdata(L, 1);
    lua_pop(L, 1);
  }
  if (!d) d = check_doc_udata(L, 1); /* raises as it always did */
  if (d->doc) {
    doc_budget *b = budget(L);
    size_t bytes = gw_doc_input_bytes(d->doc);
    b->live = b->live > bytes ? b->live - bytes : 0;
    gw_doc_free(d->doc);
    d->doc = NULL;
    lua_pushnil(L); /* drop cached views and strings */
    lua_setiuservalue(L, 1, 1);
  }
  return 0;
}

/* Pushes the cached doc:text() string, making it on first use. */
static int doc_text(lua_State *L) {
  gw_doc *doc = gwl_checkdoc(L, 1);
  lua_getiuservalue(L, 1, 1);
  if (lua_getfield(L, -1, "text") == LUA_TSTRING) return 1;
  lua_pop(L, 1);
  size_t len;
  const char *text = gw_doc_text(doc, &len);
  lua_pushlstring(L, text, len);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "text");
  return 1;
}

static int doc_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)gw_doc_chars(gwl_checkdoc(L, 1)));
  return 1;
}

static int doc_bytes(lua_State *L) {
  size_t len;
  gw_doc_text(gwl_checkdoc(L, 1), &len);
  lua_pushinteger(L, (lua_Integer)len);
  return 1;
}

/* string.sub's position rules: negative counts from the end, clipped. */
static size_t relative_start(lua_Integer pos, size_t len) {
  if (pos > 0) return (size_t)pos;
  if (pos == 0) return 1;
  if (pos < -(lua_Integer)len) return 1;
  return len + (size_t)pos + 1;
}

static size_t relative_end(lua_Integer pos, size_t len) {
  if (pos > (lua_Integer)len) return len;
  if (pos >= 0) return (size_t)pos;
  if (pos < -(lua_Integer)len) return 0;
  return len + (size_t)pos + 1;
}

static int doc_sub(lua_State *L) {
  size_t len;
  const char *text = gw_doc_text(gwl_checkdoc(L, 1), &len);
  size_t i = relative_start(luaL_optinteger(L, 2, 1), len);
  size_t j = relative_end(luaL_optinteger(L, 3, -1), len);
  if (i <= j) lua_pushlstring(L, text + i - 1, j - i + 1);
  else lua_pushliteral(L, "");
  return 1;
}

/* doc:position(offset) -> line, column; offset 1-based, len+1 is the end,
 * negative counts from the end. */
static int doc_position(lua_State *L) {
  gw_doc *doc = gwl_checkdoc(L, 1);
  size_t len, line, column;
  gw_doc_text(doc, &len);
  lua_Integer pos = luaL_checkinteger(L, 2);
  if (pos < 0) pos += (lua_Integer)len + 1;
  luaL_argcheck(L, pos >= 1 && pos <= (lua_Integer)len + 1, 2, "offset out of range");
  gw_doc_position(doc, (size_t)pos - 1, &line, &column);
  lua_pushinteger(L, (lua_Integer)line);
  lua_pushinteger(L, (lua_Integer)column);
  return 2;
}

/* Iterator of doc:lines(): upvalues doc, next offset, next line number. */
static int lines_next(lua_State *L) {
  gw_doc *doc = gwl_checkdoc(L, lua_upvalueindex(1));
  size_t len, pos = (size_t)lua_tointeger(L, lua_upvalueindex(2));
  lua_Integer n = lua_tointeger(L, lua_upvalueindex(3));
  const char *text = gw_doc_text(doc, &len);
  if (pos >= len) return 0;
  const char *nl = memchr(text + pos, '\n', len - pos);
  size_t stop = nl ? (size_t)(nl - text) : len;
  lua_pushinteger(L, (lua_Integer)(nl ? stop + 1 : len));
  lua_replace(L, lua_upvalueindex(2));
  lua_pushinteger(L, n + 1);
  lua_replace(L, lua_upvalueindex(3));
  lua_pushlstring(L, text + pos, stop - pos);
  lua_pushinteger(L, n);
  return 2;
}

static int doc_lines(lua_State *L) {
  gwl_checkdoc(L, 1);
  lua_settop(L, 1);
  lua_pushinteger(L, 0);
  lua_pushinteger(L, 1);
  lua_pushcclosure(L, lines_next, 3);
  return 1;
}

static int doc_tostring(lua_State *L) {
  gwl_doc *d = check_doc_udata(L, 1);
  if (!d->doc) lua_pushliteral(L, "gongwen.Doc (closed)");
  else {
    size_t len;
    gw_doc_text(d->doc, &len);
    lua_pushfstring(L, "gongwen.Doc (%s, %I bytes)", gw_doc_name(d->doc), (lua_Integer)len);
  }
  return 1;
}

static void push_optstring(lua_State *L, const char *s) {
  if (s) lua_pushstring(L, s);
  else lua_pushnil(L);
}

/* __index: the methods table first (other files add methods to it), then
 * the fields. */
static int doc_index(lua_State *L) {
  lua_pushvalue(L, 2); /* upvalue 1: the methods table (gwl_addmethods fills it) */
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
  const char *key = lua_tostring(L, 2);
  if (!key) return 0;
  gw_doc *doc = gwl_checkdoc(L, 1);
  if (strcmp(key, "name") == 0) lua_pushstring(L, gw_doc_name(doc));
  else if (strcmp(key, "path") == 0) push_optstring(L, gw_doc_path(doc));
  else if (strcmp(key, "encoding") == 0) lua_pushstring(L, gw_doc_encoding(doc));
  else if (strcmp(key, "replaced") == 0) lua_pushinteger(L, (lua_Integer)gw_doc_replaced(doc));
  else if (strcmp(key, "input_bytes") == 0)
    lua_pushinteger(L, (lua_Integer)gw_doc_input_bytes(doc));
  else if (strcmp(key, "meta") == 0) gwl_pushmeta(L, 1);
  else lua_pushnil(L);
  return 1;
}

static const luaL_Reg doc_methods[] = {
  {"text", doc_text},       {"bytes", doc_bytes}, {"sub", doc_sub},
  {"position", doc_position}, {"lines", doc_lines}, {"close", doc_close},
  {NULL, NULL}};

static const luaL_Reg doc_meta[] = {
  {"__gc", doc_close}, {"__close", doc_close}, {"__len", doc_len},
  {"__tostring", doc_tostring}, {NULL, NULL}};

/* ------------------------------------------------------------ gw.corpus */

#define GWL_CORPUS "gongwen.Corpus"

/* The state of one gw.corpus loop; user value 1 is opts.on_error (or nil). */
typedef struct corpus {
  char **paths; size_t n, next;   /* from gw_walk */
  char **errors; size_t nerrors, caperrors; /* walk problems: path, message pairs */
  gw_load_opts opts;              /* name unused: each document is named by its path */
} corpus;

static void corpus_free_errors(corpus *c) {
  for (size_t i = 0; i < c->nerrors; i++) free(c->errors[i]);
  free(c->errors);
  c->errors = NULL;
  c->nerrors = c->caperrors = 0;
}

/* __gc and __close: frees the path list; the loop then ends. */
static int corpus_close(lua_State *L) {
  corpus *c = luaL_checkudata(L, 1, GWL_CORPUS);
  gw_walk_free(c->paths, c->n);
  c->paths = NULL;
  c->n = c->next = 0;
  corpus_free_errors(c);
  return 0;
}

/* gw_walk's error callback: no Lua calls here (an error would jump over the
 * walk's memory), only a note for later. */
static void corpus_collect_error(void *ud, const char *path, const char *message) {
  corpus *c = ud;
  if (c->nerrors + 2 > c->caperrors) {
    size_t ncap = c->caperrors ? c->caperrors * 2 : 16;
    char **p = realloc(c->errors, ncap * sizeof *p);
    if (!p) return;
    c->errors = p;
    c->caperrors = ncap;
  }
  char *a = strdup(path), *b = strdup(message);
  if (!a || !b) { free(a); free(b); return; }
  c->errors[c->nerrors++] = a;
  c->errors[c->nerrors++] = b;
}

/* Calls on_error(path, message) of the corpus at idx, or writes the message
 * (which names the file) to stderr. */
static void corpus_report(lua_State *L, int idx, const char *path, const char *message) {
  if (lua_getiuservalue(L, idx, 1) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_writestringerror("%s\n", message);
    return;
  }
  lua_pushstring(L, path);
  lua_pushstring(L, message);
  lua_call(L, 2, 0);
}

/* The generic-for iterator: the next document that loads, and its path. */
static int corpus_next(lua_State *L) {
  corpus *c = luaL_checkudata(L, 1, GWL_CORPUS);
  while (c->next < c->n) {
    const char *path = c->paths[c->next++];
    int nret = push_open(L, path, &c->opts);
    if (nret == 1) {
      lua_pushstring(L, path);
      return 2;
    }
    lua_pushstring(L, path); /* path may be freed if on_error closes the loop */
    corpus_report(L, 1, lua_tostring(L, -1), lua_tostring(L, -3));
    lua_pop(L, 4);
  }
  return 0;
}

/* A string or an array of strings at idx as a C array (in a userdata left
 * on the stack, so it is freed by the GC whatever happens). */
static const char **check_strings(lua_State *L, int idx, const char *what, size_t *n) {
  if (lua_type(L, idx) == LUA_TSTRING) {
    const char **a = lua_newuserdatauv(L, sizeof *a, 0);
    a[0] = lua_tostring(L, idx);
    *n = 1;
    return a;
  }
  if (lua_type(L, idx) != LUA_TTABLE)
    luaL_error(L, "%s must be a string or an array of strings", what);
  size_t len = (size_t)luaL_len(L, idx);
  const char **a = lua_newuserdatauv(L, (len ? len : 1) * sizeof *a, 0);
  for (size_t i = 0; i < len; i++) {
    if (lua_geti(L, idx, (lua_Integer)i + 1) != LUA_TSTRING)
      luaL_error(L, "%s[%d] must be a string", what, (int)i + 1);
    a[i] = lua_tostring(L, -1); /* kept alive by the table */
    lua_pop(L, 1);
  }
  *n = len;
  return a;
}

/* gw.corpus(paths [, opts]) -> iterator, state, nil, closing value. */
static int l_corpus(lua_State *L) {
  if (lua_type(L, 1) != LUA_TSTRING && lua_type(L, 1) != LUA_TTABLE)
    luaL_typeerror(L, 1, "string or array of strings");
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  size_t npaths, nglobs = 0;
  const char **paths = check_strings(L, 1, "paths", &npaths); /* 3 */
  const char **globs = NULL;
  if (lua_istable(L, 2)) lua_getfield(L, 2, "glob"); /* 4 */
  else lua_pushnil(L);
  if (!lua_isnil(L, 4)) globs = check_strings(L, 4, "opts.glob", &nglobs); /* 5 */
  else lua_pushnil(L);
  if (lua_istable(L, 2)) lua_getfield(L, 2, "on_error"); /* 6 */
  else lua_pushnil(L);
  if (!lua_isnil(L, 6) && !lua_isfunction(L, 6))
    luaL_argerror(L, 2, "opts.on_error must be a function");
  corpus *c = lua_newuserdatauv(L, sizeof *c, 1); /* 7 */
  memset(c, 0, sizeof *c);
  luaL_setmetatable(L, GWL_CORPUS);
  lua_pushvalue(L, 6);
  lua_setiuservalue(L, 7, 1);
  check_load_opts(L, 2, &c->opts);
  c->opts.name = NULL;
  if (gw_walk(paths, npaths, globs, nglobs, corpus_collect_error, c, &c->paths, &c->n) != 0)
    return luaL_error(L, "gw.corpus: out of memory");
  for (size_t i = 0; i + 1 < c->nerrors; i += 2) {
    lua_pushstring(L, c->errors[i]);
    lua_pushstring(L, c->errors[i + 1]);
    corpus_report(L, 7, lua_tostring(L, -2), lua_tostring(L, -1));
    lua_pop(L, 2);
  }
  corpus_free_errors(c);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_pushcclosure(L, corpus_next, 2);
  lua_pushvalue(L, 7);
  lua_pushnil(L);
  lua_pushvalue(L, 7);
  return 4;
}

static const luaL_Reg corpus_meta[] = {
  {"__gc", corpus_close}, {"__close", corpus_close}, {NULL, NULL}};

static const luaL_Reg module_funcs[] = {
  {"open", l_open}, {"parse", l_parse}, {"corpus", l_corpus}, {NULL, NULL}};

/* Registers funcs into the table on top, each with the two upvalues every
 * document function shares: the open-text budget and the Doc metatable. */
static void set_doc_funcs(lua_State *L, const luaL_Reg *funcs, int budget_idx, int meta) {
  lua_pushvalue(L, budget_idx);
  lua_pushvalue(L, meta);
  luaL_setfuncs(L, funcs, 2);
}

void gwl_open_doc(lua_State *L) {
  int module = lua_gettop(L);
  luaL_newmetatable(L, GWL_DOC);
  lua_pushvalue(L, -1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &doc_meta_key);
  int meta = lua_gettop(L);
  doc_budget *b = lua_newuserdatauv(L, sizeof *b, 0);
  b->live = 0;
  int budget_idx = lua_gettop(L);
  lua_pushvalue(L, meta);
  set_doc_funcs(L, doc_meta, budget_idx, meta);
  luaL_newlibtable(L, doc_methods);
  set_doc_funcs(L, doc_methods, budget_idx, meta);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "__methods");
  lua_pushcclosure(L, doc_index, 1);
  lua_setfield(L, -2, "__index");
  luaL_newmetatable(L, GWL_CORPUS);
  luaL_setfuncs(L, corpus_meta, 0);
  lua_pushvalue(L, module);
  set_doc_funcs(L, module_funcs, budget_idx, meta);
  lua_settop(L, module);
}
