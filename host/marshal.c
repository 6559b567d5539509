/* marshal.c — plain Lua data (nil, booleans, integers, floats, strings and
 * tables of them) to bytes and back, so results can travel between the
 * workers' lua_States.  Marshalling allocates nothing in Lua and never
 * raises: it runs while malloc memory is held.
 *
 * Format: one tag byte per value.  'n' nil, 'f' false, 't' true,
 * 'i' int64, 'd' double (native byte order: same process), 's' u32 length +
 * bytes, 'T' u32 array count + u32 hash count, the array values (nil as 'n'),
 * then hash key/value pairs. */
#include <lauxlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "host.h"

#define MAX_DEPTH 100

/* Where the marshaller is inside the value: one entry per open table. */
typedef struct level {
  const void *table;    /* for cycle detection */
  int key_idx;          /* stack index of the current hash key, or 0 */
  lua_Integer array_i;  /* current array index when key_idx is 0 */
} level;

typedef struct marshaller {
  lua_State *L;
  host_bytes *out;
  level path[MAX_DEPTH];
  int depth;
  const char *problem;  /* why marshalling stopped: a format for type */
  const char *type;
} marshaller;

static int reserve(host_bytes *b, size_t more) {
  if (b->cap - b->len >= more) return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap - b->len < more) cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) return -1;
  b->data = p; b->cap = cap;
  return 0;
}

static int put(marshaller *m, const void *p, size_t n) {
  if (reserve(m->out, n) != 0) { m->problem = "is too large (out of memory)"; return -1; }
  memcpy(m->out->data + m->out->len, p, n);
  m->out->len += n;
  return 0;
}

static int put_tag(marshaller *m, char tag) { return put(m, &tag, 1); }

static int put_u32(marshaller *m, size_t n) {
  if (n > UINT32_MAX) { m->problem = "is too large (over 4 GB)"; return -1; }
  uint32_t v = (uint32_t)n;
  return put(m, &v, sizeof v);
}

static int put_value(marshaller *m, int idx);

static int on_path(const marshaller *m, const void *t) {
  for (int i = 0; i < m->depth; i++)
    if (m->path[i].table == t) return 1;
  return 0;
}

/* Array part 1..n first (in order), then every other key. */
static int put_table(marshaller *m, int idx) {
  lua_State *L = m->L;
  const void *t = lua_topointer(L, idx);
  if (on_path(m, t)) { m->problem = "contains itself (a cycle)"; return -1; }
  if (m->depth == MAX_DEPTH) { m->problem = "is nested too deeply"; return -1; }
  if (!lua_checkstack(L, 4)) { m->problem = "is nested too deeply"; return -1; }
  level *lv = &m->path[m->depth++];
  *lv = (level){ t, 0, 0 };
  lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
  if (put_tag(m, 'T') || put_u32(m, (size_t)n)) return -1;
  size_t count_at = m->out->len;
  if (put_u32(m, 0)) return -1;
  for (lua_Integer i = 1; i <= n; i++) {
    lv->array_i = i;
    lua_rawgeti(L, idx, i);
    int bad = put_value(m, lua_gettop(L));
    if (bad) return -1;  /* the value stays on the stack; the caller resets it */
    lua_pop(L, 1);
  }
  size_t nhash = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    int key = lua_gettop(L) - 1;
    lv->key_idx = key;
    if (lua_isinteger(L, key)) {
      lua_Integer k = lua_tointeger(L, key);
      if (k >= 1 && k <= n) { lua_pop(L, 1); continue; }
    }
    int kt = lua_type(L, key);
    if (kt != LUA_TSTRING && kt != LUA_TNUMBER && kt != LUA_TBOOLEAN) {
      m->depth--;  /* name the table, not the key */
      m->problem = "has a %s as a key";
      m->type = lua_typename(L, kt);
      return -1;
    }
    if (put_value(m, key) || put_value(m, key + 1)) return -1;
    nhash++;
    lua_pop(L, 1);
  }
  uint32_t nh = (uint32_t)nhash;
  memcpy(m->out->data + count_at, &nh, sizeof nh);
  m->depth--;
  return 0;
}

static int put_value(marshaller *m, int idx) {
  lua_State *L = m->L;
  switch (lua_type(L, idx)) {
  case LUA_TNIL: return put_tag(m, 'n');
  case LUA_TBOOLEAN: return put_tag(m, lua_toboolean(L, idx) ? 't' : 'f');
  case LUA_TNUMBER:
    if (lua_isinteger(L, idx)) {
      int64_t v = (int64_t)lua_tointeger(L, idx);
      return put_tag(m, 'i') || put(m, &v, sizeof v);
    } else {
      double v = (double)lua_tonumber(L, idx);
      return put_tag(m, 'd') || put(m, &v, sizeof v);
    }
  case LUA_TSTRING: {
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    return put_tag(m, 's') || put_u32(m, len) || put(m, s, len);
  }
  case LUA_TTABLE: return put_table(m, idx);
  default:
    m->problem = "is a %s";
    m->type = luaL_typename(L, idx);
    return -1;
  }
}

/* "result.rows[3].name" for the error message: the keys of the open tables. */
static void push_where(marshaller *m) {
  lua_State *L = m->L;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, "result");
  for (int i = 0; i < m->depth; i++) {
    const level *lv = &m->path[i];
    if (lv->key_idx == 0) {
      lua_pushfstring(L, "[%I]", (LUAI_UACINT)lv->array_i);
    } else if (lua_type(L, lv->key_idx) == LUA_TSTRING) {
      lua_pushfstring(L, ".%s", lua_tostring(L, lv->key_idx));
    } else {
      lua_pushfstring(L, "[%s]", luaL_tolstring(L, lv->key_idx, NULL));
      lua_remove(L, -2);
    }
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
}

int host_marshal(lua_State *L, int idx, host_bytes *out) {
  idx = lua_absindex(L, idx);
  marshaller m = { .L = L, .out = out };
  int top = lua_gettop(L);
  if (put_value(&m, idx) == 0) {
    /* Results wait for reduce: keep only what they use. */
    char *fit = realloc(out->data, out->len);
    if (fit) { out->data = fit; out->cap = out->len; }
    return 0;
  }
  free(out->data);
  *out = (host_bytes){ 0 };
  /* Keys of the open tables are still on the stack: describe, then drop. */
  push_where(&m);
  lua_pushfstring(L, m.problem, m.type);
  lua_pushfstring(L, "%s %s (results must be plain data: tables, strings, numbers, booleans)",
                  lua_tostring(L, -2), lua_tostring(L, -1));
  lua_replace(L, top + 1);
  lua_settop(L, top + 1);
  return -1;
}

/* ---------------------------------------------------------------- unmarshal */

typedef struct reader { const char *p, *end; } reader;

static uint32_t get_u32(reader *r) {
  uint32_t v;
  memcpy(&v, r->p, sizeof v);
  r->p += sizeof v;
  return v;
}

static void get_value(lua_State *L, reader *r) {
  char tag = *r->p++;
  switch (tag) {
  case 'f': lua_pushboolean(L, 0); break;
  case 't': lua_pushboolean(L, 1); break;
  case 'i': { int64_t v; memcpy(&v, r->p, sizeof v); r->p += sizeof v;
              lua_pushinteger(L, (lua_Integer)v); break; }
  case 'd': { double v; memcpy(&v, r->p, sizeof v); r->p += sizeof v;
              lua_pushnumber(L, (lua_Number)v); break; }
  case 's': { uint32_t n = get_u32(r); lua_pushlstring(L, r->p, n); r->p += n; break; }
  case 'T': {
    uint32_t narr = get_u32(r), nhash = get_u32(r);
    luaL_checkstack(L, 3, "result nested too deeply");
    lua_createtable(L, (int)narr, (int)nhash);
    for (uint32_t i = 1; i <= narr; i++) {
      get_value(L, r);
      lua_rawseti(L, -2, (lua_Integer)i);  /* a nil leaves a hole, as before */
    }
    for (uint32_t i = 0; i < nhash; i++) {
      get_value(L, r);
      get_value(L, r);
      lua_rawset(L, -3);
    }
    break;
  }
  default: lua_pushnil(L); break;  /* 'n' */
  }
}

void host_unmarshal(lua_State *L, const char *data, size_t len) {
  reader r = { data, data + len };
  get_value(L, &r);
}
