/* embed.c — the embedding test: the smallest host of the module.  It does
 * what another program embedding gongwen would do (luaL_newstate, the
 * standard libraries, luaL_requiref of luaopen_gongwen), runs the check
 * script given as argv[1] once, then twice at the same time on two threads
 * (each with its own lua_State: the module must keep no mutable C state),
 * and prints "N passed, N failed" from the counts the script returns. */
#include <lauxlib.h>
#include <lualib.h>
#include <pthread.h>
#include <stdio.h>

int luaopen_gongwen(lua_State *L);

typedef struct run { const char *script; long passed, failed; } run;

static int traceback(lua_State *L) {
  luaL_traceback(L, L, luaL_tolstring(L, 1, NULL), 1);
  return 1;
}

/* Protected, since loading the module can raise: the standard libraries,
 * the module (package.loaded.gongwen, no global) and arg[0] = the script, so
 * it can find its fixtures. */
static int open_libs(lua_State *L) {
  luaL_openlibs(L);
  luaL_requiref(L, "gongwen", luaopen_gongwen, 0);
  lua_createtable(L, 0, 1);
  lua_pushvalue(L, 1);
  lua_rawseti(L, -2, 0);
  lua_setglobal(L, "arg");
  return 0;
}

/* Runs the script in a new state; it returns (passed, failed). */
static void *run_script(void *arg) {
  run *r = arg;
  lua_State *L = luaL_newstate();
  if (!L) { r->failed = 1; return NULL; }
  lua_pushcfunction(L, traceback);
  lua_pushcfunction(L, open_libs);
  lua_pushstring(L, r->script);
  if (lua_pcall(L, 1, 0, 1) != LUA_OK || luaL_loadfile(L, r->script) != LUA_OK ||
      lua_pcall(L, 0, 2, 1) != LUA_OK) {
    fprintf(stderr, "%s\n", lua_tostring(L, -1));
    r->failed = 1;
  } else {
    r->passed = (long)lua_tointeger(L, -2);
    r->failed = (long)lua_tointeger(L, -1);
  }
  lua_close(L);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: embed-test SCRIPT\n"); return 2; }
  run runs[3] = { { argv[1], 0, 0 }, { argv[1], 0, 0 }, { argv[1], 0, 0 } };
  run_script(&runs[0]);
  pthread_t threads[2];
  int started[2];
  for (int i = 0; i < 2; i++) started[i] = pthread_create(&threads[i], NULL, run_script, &runs[i + 1]) == 0;
  long passed = 0, failed = 0;
  for (int i = 0; i < 2; i++) {
    if (started[i]) pthread_join(threads[i], NULL);
    else runs[i + 1].failed = 1;
  }
  for (int i = 0; i < 3; i++) { passed += runs[i].passed; failed += runs[i].failed; }
  printf("%ld passed, %ld failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
