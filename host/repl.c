/* repl.c — `gongwen -i`: a line-by-line prompt like `lua -i`, without
 * readline.  Each line is tried as an expression first ("return LINE"),
 * then as a statement; an incomplete statement asks for more lines. */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "gongwen.h"
#include "host.h"

/* Pushes the next line of stdin without its newline; returns 0 at EOF.
 * The line is built in a luaL_Buffer, so no malloc memory is held. */
static int push_line(lua_State *L) {
  char chunk[1024];
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  int any = 0;
  while (fgets(chunk, sizeof chunk, stdin)) {
    size_t n = strlen(chunk);
    any = 1;
    if (n > 0 && chunk[n - 1] == '\n') {
      luaL_addlstring(&b, chunk, n - 1);
      luaL_pushresult(&b);
      return 1;
    }
    luaL_addlstring(&b, chunk, n);
  }
  luaL_pushresult(&b);
  if (!any) { lua_pop(L, 1); return 0; }
  return 1;
}

/* A syntax error that only says the input ended early. */
static int incomplete(lua_State *L, int status) {
  if (status != LUA_ERRSYNTAX) return 0;
  size_t len;
  const char *msg = lua_tolstring(L, -1, &len);
  return len >= 5 && strcmp(msg + len - 5, "<eof>") == 0;
}

/* Compiles the source on top (replacing it by the function or the error).
 * Returns a load status. */
static int compile(lua_State *L) {
  const char *src = lua_tostring(L, -1);
  lua_pushfstring(L, "return %s;", src);
  if (luaL_loadbuffer(L, lua_tostring(L, -1), lua_rawlen(L, -1), "=stdin") == LUA_OK) {
    lua_replace(L, -3);
    lua_pop(L, 1);
    return LUA_OK;
  }
  lua_pop(L, 2);
  int status = luaL_loadbuffer(L, src, lua_rawlen(L, -1), "=stdin");
  if (status == LUA_OK || !incomplete(L, status)) lua_replace(L, -2);
  return status;
}

/* Calls print with the values above base, if any. */
static void print_results(lua_State *L, int base) {
  int n = lua_gettop(L) - base;
  if (n == 0) return;
  luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
  lua_getglobal(L, "print");
  lua_insert(L, base + 1);
  if (lua_pcall(L, n, 0, 0) != LUA_OK) host_report(L);
}

static int repl(lua_State *L) {
  int tty = isatty(0);
  if (tty) printf("gongwen %s (%s) - module loaded as gw; end with Ctrl-D\n", GW_VERSION, LUA_RELEASE);
  for (;;) {
    lua_settop(L, 0);
    if (tty) { fputs("> ", stdout); fflush(stdout); }
    if (!push_line(L)) break;
    int status;
    while ((status = compile(L)) == LUA_ERRSYNTAX && incomplete(L, status)) {
      lua_pop(L, 1);  /* the message; the source stays */
      if (tty) { fputs(">> ", stdout); fflush(stdout); }
      if (!push_line(L)) { status = compile(L); break; }  /* reports the early end */
      lua_pushliteral(L, "\n");
      lua_insert(L, -2);
      lua_concat(L, 3);
    }
    if (status == LUA_OK) {
      lua_pushcfunction(L, host_traceback);
      lua_insert(L, 1);
      status = lua_pcall(L, 0, LUA_MULTRET, 1);
    }
    if (status != LUA_OK) { host_report(L); continue; }
    print_results(L, 1);
    fflush(stdout);
  }
  if (tty) fputs("\n", stdout);
  return 0;
}

int host_repl(lua_State *L) {
  lua_pushcfunction(L, repl);
  if (lua_pcall(L, 0, 0, 0) != LUA_OK) { host_report(L); return HOST_FAILED; }
  return HOST_OK;
}
