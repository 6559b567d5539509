/* gongwen.c — luaopen_gongwen: builds the module table from the binding's
 * parts and makes the pure-Lua submodules (gongwen.report, ...) requirable. */
#include "binding.h"
#include "embedded.h"

/* package.preload loader for an embedded Lua submodule; upvalue: its index. */
static int load_luamod(lua_State *L) {
  const gw_embedded *m = &gwl_luamods[lua_tointeger(L, lua_upvalueindex(1))];
  if (luaL_loadbufferx(L, m->data, m->len, m->name, "t") != LUA_OK) return lua_error(L);
  lua_pushstring(L, m->name);
  lua_call(L, 1, 1);
  return 1;
}

/* Registers the embedded submodules in package.preload unless a file of the
 * same name is already preloaded by the host. */
static void preload_luamods(lua_State *L) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  for (lua_Integer i = 0; gwl_luamods[i].name; i++) {
    if (lua_getfield(L, -1, gwl_luamods[i].name) == LUA_TNIL) {
      lua_pushinteger(L, i);
      lua_pushcclosure(L, load_luamod, 1);
      lua_setfield(L, -3, gwl_luamods[i].name);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

void *gwl_testudata(lua_State *L, int idx, const void *meta_key) {
  if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return NULL;
  lua_rawgetp(L, LUA_REGISTRYINDEX, meta_key);
  int same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return same ? lua_touserdata(L, idx) : NULL;
}

void gwl_addmethods(lua_State *L, const char *tname, const luaL_Reg *l) {
  luaL_getmetatable(L, tname);
  if (lua_getfield(L, -1, "__methods") != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_getfield(L, -1, "__index");
  }
  luaL_setfuncs(L, l, 0);
  lua_pop(L, 2);
}

__attribute__((visibility("default"))) int luaopen_gongwen(lua_State *L);

int luaopen_gongwen(lua_State *L) {
  lua_newtable(L);
  gwl_open_doc(L);
  gwl_open_section(L);
  gwl_open_regex(L);
  gwl_open_extract(L);
  gwl_open_grep(L);
  lua_pushliteral(L, GW_VERSION);
  lua_setfield(L, -2, "version");
  preload_luamods(L);
  return 1;
}
