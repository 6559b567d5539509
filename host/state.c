/* state.c — Lua states for the host and running a script's chunk in one.
 * The same code makes the main state and each worker's state, so a script
 * sees the same environment everywhere. */
#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host.h"

int luaopen_gongwen(lua_State *L);

/* Generational GC: a corpus run makes many short-lived tables and strings
 * per document; it halves the host's per-document CPU against incremental. */
static int open_everything(lua_State *L) {
  lua_gc(L, LUA_GCGEN, 0, 0);
  luaL_openlibs(L);
  luaL_requiref(L, "gongwen", luaopen_gongwen, 0);
  lua_setglobal(L, "gw");
  return 0;
}

lua_State *host_newstate(char *why, size_t size) {
  lua_State *L = luaL_newstate();
  if (!L) { snprintf(why, size, "cannot create a Lua state: out of memory"); return NULL; }
  lua_pushcfunction(L, open_everything);
  if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    snprintf(why, size, "cannot load the gongwen module: %s", msg ? msg : "?");
    lua_close(L);
    return NULL;
  }
  return L;
}

int host_traceback(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {  /* an error object that is not a string */
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

void host_report(lua_State *L) {
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "gongwen: %s\n", msg ? msg : "(error object is not a string)");
  fflush(stderr);
  lua_pop(L, 1);
}

char *host_readfile(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n - 1, f);
    if (n < cap - 1) break;
    char *more = realloc(buf, cap *= 2);
    if (!more) { free(buf); buf = NULL; errno = ENOMEM; }
    else buf = more;
  }
  int failed = ferror(f);
  if (f != stdin) fclose(f);
  if (buf && failed) { free(buf); buf = NULL; errno = EIO; }
  if (buf) { buf[n] = '\0'; *len = n; }
  return buf;
}

/* package.path gets "DIR/?.lua;" in front, so a copied script can require
 * modules kept beside it. */
static void add_script_dir(lua_State *L, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return;
  lua_getglobal(L, "package");
  lua_pushfstring(L, "%s/?.lua;", lua_pushlstring(L, path, (size_t)(slash - path)));
  lua_getfield(L, -3, "path");
  lua_concat(L, 2);
  lua_setfield(L, -3, "path");
  lua_pop(L, 2);
}

static int run_chunk(lua_State *L) {
  const host_script *s = lua_touserdata(L, 1);
  lua_settop(L, 0);
  lua_createtable(L, s->nargs, 2);
  lua_pushstring(L, s->progname);
  lua_rawseti(L, -2, -1);
  lua_pushstring(L, s->path);
  lua_rawseti(L, -2, 0);
  for (int i = 0; i < s->nargs; i++) {
    lua_pushstring(L, s->args[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setglobal(L, "arg");
  if (s->chunkname[0] == '@') add_script_dir(L, s->path);
  const char *text = s->source;
  size_t len = s->len;
  if (len > 0 && text[0] == '#') {  /* skip a #! line, keeping line numbers */
    const char *nl = memchr(text, '\n', len);
    size_t skip = nl ? (size_t)(nl - text) : len;
    text += skip; len -= skip;
  }
  if (luaL_loadbufferx(L, text, len, s->chunkname, "t") != LUA_OK) return lua_error(L);
  luaL_checkstack(L, s->nargs, "too many arguments");
  for (int i = 0; i < s->nargs; i++) lua_pushstring(L, s->args[i]);
  lua_call(L, s->nargs, 0);
  return 0;
}

int host_runchunk(lua_State *L, const host_script *s) {
  lua_pushcfunction(L, host_traceback);
  int msgh = lua_gettop(L);
  lua_pushcfunction(L, run_chunk);
  lua_pushlightuserdata(L, (void *)s);
  int status = lua_pcall(L, 1, 0, msgh);
  lua_remove(L, msgh);
  return status;
}
