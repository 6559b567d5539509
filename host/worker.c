/* worker.c — one worker thread of a corpus run: its own lua_State with the
 * module and the script loaded, running map(doc, opts) on each file it takes.
 * Every document is closed right after map so its C memory goes at once, and
 * each result is marshalled into the file's slot. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "binding.h"
#include "corpus.h"

/* Upvalues of process_doc, set up once per worker. */
enum { UP_MAP = 1, UP_OPTS, UP_OPEN, UP_OPEN_OPTS, UP_CLOSE, NUPVALUES };

static int noop(lua_State *L) { (void)L; return 0; }

/* Pushes what closes a document the way `local doc <close>` would: the Doc
 * metatable's __close (or __gc). */
static void push_closer(lua_State *L) {
  if (luaL_getmetatable(L, GWL_DOC) == LUA_TTABLE) {
    if (lua_getfield(L, -1, "__close") == LUA_TFUNCTION) { lua_remove(L, -2); return; }
    lua_pop(L, 1);
    if (lua_getfield(L, -1, "__gc") == LUA_TFUNCTION) { lua_remove(L, -2); return; }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  lua_pushcfunction(L, noop);
}

static int process_doc(lua_State *L);

/* Pushes process_doc with its upvalues: map, opts, gw.open, {encoding=…},
 * the closer. */
static int setup(lua_State *L) {
  corpus *c = lua_touserdata(L, 1);
  if (lua_getglobal(L, "map") != LUA_TFUNCTION)
    return luaL_error(L, "the script defines no function map in the worker");
  host_unmarshal(L, c->opts.data, c->opts.len);
  int opts = lua_gettop(L);
  lua_getglobal(L, "gw");
  lua_getfield(L, -1, "open");
  lua_remove(L, -2);
  if (!lua_isfunction(L, -1)) return luaL_error(L, "the module has no function open");
  lua_createtable(L, 0, 1);
  lua_getfield(L, opts, "encoding");
  lua_setfield(L, -2, "encoding");
  push_closer(L);
  lua_pushcclosure(L, process_doc, NUPVALUES - 1);
  return 1;
}

/* process_doc(corpus, index): opens the file, runs map, closes the document
 * and marshals the result into the slot.  Returns nothing when done,
 * or false, message when the file could not be opened.  Errors raised by map
 * come back with their traceback. */
static int process_doc(lua_State *L) {
  corpus *c = lua_touserdata(L, 1);
  size_t i = (size_t)lua_tointeger(L, 2);
  lua_settop(L, 0);
  lua_pushvalue(L, lua_upvalueindex(UP_OPEN));
  lua_pushstring(L, c->files[i]);
  lua_pushvalue(L, lua_upvalueindex(UP_OPEN_OPTS));
  lua_call(L, 2, 2);
  if (lua_isnil(L, 1)) {
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  lua_settop(L, 1);
  gwl_doc *d = luaL_testudata(L, 1, GWL_DOC);
  if (d && d->doc) atomic_fetch_add(&c->bytes, gw_doc_input_bytes(d->doc));
  lua_pushcfunction(L, host_traceback);
  lua_pushvalue(L, lua_upvalueindex(UP_MAP));
  lua_pushvalue(L, 1);
  lua_pushvalue(L, lua_upvalueindex(UP_OPTS));
  int status = lua_pcall(L, 2, 1, 2);
  lua_pushvalue(L, lua_upvalueindex(UP_CLOSE));
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  lua_call(L, 2, 0);
  if (status != LUA_OK) return lua_error(L);
  if (lua_isnil(L, -1)) return 0;
  if (host_marshal(L, -1, &c->slots[i].result) != 0) return lua_error(L);
  return 0;
}

/* "path: message", unless the message already starts with the path. */
static void record_error(corpus *c, size_t i, const char *msg) {
  const char *path = c->files[i];
  size_t n = strlen(path);
  char *text = NULL;
  if (!msg) msg = "(error object is not a string)";
  if (strncmp(msg, path, n) == 0 && msg[n] == ':') text = strdup(msg);
  else if (asprintf(&text, "%s: %s", path, msg) < 0) text = NULL;
  c->slots[i].error = text ? text : strdup("out of memory");
}

static void set_fatal(corpus *c, const char *msg) {
  atomic_store(&c->stop, 1);
  pthread_mutex_lock(&c->lock);
  if (!c->fatal) c->fatal = strdup(msg ? msg : "(error object is not a string)");
  pthread_mutex_unlock(&c->lock);
}

static void run_files(corpus *c, lua_State *L) {
  int process = lua_gettop(L);
  while (!atomic_load(&c->stop)) {
    size_t i = atomic_fetch_add(&c->next, 1);
    if (i >= c->nfiles) break;
    lua_pushvalue(L, process);
    lua_pushlightuserdata(L, c);
    lua_pushinteger(L, (lua_Integer)i);
    int status = lua_pcall(L, 2, 2, 0);
    if (status != LUA_OK) record_error(c, i, lua_tostring(L, -1));
    else if (lua_type(L, -2) == LUA_TBOOLEAN) record_error(c, i, lua_tostring(L, -1));
    lua_settop(L, process);
    atomic_store_explicit(&c->slots[i].done, 1, memory_order_release);
    atomic_fetch_add(&c->done, 1);
  }
}

void *host_worker(void *arg) {
  corpus *c = arg;
  char why[512];
  lua_State *L = host_newstate(why, sizeof why);
  if (!L) {
    set_fatal(c, why);
  } else if (host_runchunk(L, c->script) != LUA_OK) {
    set_fatal(c, lua_tostring(L, -1));
  } else {
    lua_pushcfunction(L, setup);
    lua_pushlightuserdata(L, c);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) set_fatal(c, lua_tostring(L, -1));
    else run_files(c, L);
  }
  if (L) lua_close(L);
  pthread_mutex_lock(&c->lock);
  c->finished++;
  pthread_cond_signal(&c->changed);
  pthread_mutex_unlock(&c->lock);
  return NULL;
}
