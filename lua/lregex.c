/* lregex.c — the Regex type and the module's regex functions, with lrexlib's
 * rex_pcre2 names and argument order.  Positions are 1-based inclusive byte
 * offsets into the subject (doc:text() for documents and sections).
 *
 * Every call that iterates (gmatch, gsub, split) owns its match state in a
 * small userdata (a "call"), so nothing leaks when a callback or an
 * allocation raises; single searches and count, which call no Lua code,
 * reuse one match state kept with the Regex.  Compiled patterns are cached
 * per lua_State by (flags, pattern). */
#include <stdint.h>
#include <string.h>

#include "binding.h"

#define CALL_TYPE "gongwen.RegexCall"
#define RECENT_SIZE 64
#define FLAG_LETTERS "imsxUa"
#define ASCII_DIGITS_KEY "regex.ascii_digits" /* in a document's cache table */

typedef struct gwl_regex {
  gw_regex *re; /* user values: 1 the pattern, 2 the flags (canonical order) */
  /* Match data reused by single searches (find, match, search, ...), made on
   * first use; busy while a search uses it, so that a search started from
   * inside it (a __gc finaliser) takes a fresh call state instead. */
  gw_match *spare;
  int busy;
} gwl_regex;

/* Match state of one call; for iterators also where the next step starts. */
typedef struct rx_call {
  gw_match *m;
  int subject;  /* GW_SUBJECT_* flags for the core */
  size_t pos;   /* next search position */
  size_t piece; /* split: start of the text before the next separator */
  int done;
} rx_call;

/* ---------------------------------------------------------------- helpers */

/* The Regex metatable is also kept in the registry under this address: a
 * light-userdata look-up costs less than luaL_checkudata's look-up by name. */
static const char regex_meta_key = 'R';

static gwl_regex *test_regex(lua_State *L, int idx) {
  return gwl_testudata(L, idx, &regex_meta_key);
}

static gwl_regex *check_regex_udata(lua_State *L, int idx) {
  gwl_regex *r = test_regex(L, idx);
  if (!r) r = luaL_checkudata(L, idx, GWL_REGEX); /* raises its usual error */
  if (!r->re) luaL_argerror(L, idx, "regex has been freed");
  return r;
}

static gw_regex *check_regex(lua_State *L, int idx) {
  return check_regex_udata(L, idx)->re;
}


/* Pushes a new call state for re; freed by __gc or by end_call. */
static rx_call *new_call(lua_State *L, const gw_regex *re, int subject) {
  rx_call *c = lua_newuserdatauv(L, sizeof *c, 0);
  memset(c, 0, sizeof *c);
  luaL_setmetatable(L, CALL_TYPE);
  c->subject = subject;
  c->m = gw_match_new(re);
  if (!c->m) luaL_error(L, "out of memory creating regex match data");
  return c;
}

/* Frees the match data now rather than at the next collection; an iterator
 * whose state has ended returns nothing more. */
static void end_call(rx_call *c) {
  gw_match_free(c->m);
  c->m = NULL;
  c->done = 1;
}

/* __gc and __close of call states (a for loop closes its iterator's state). */
static int call_close(lua_State *L) {
  end_call(luaL_checkudata(L, 1, CALL_TYPE));
  return 0;
}

/* Start offset from a 1-based init as string.find reads it (negative counts
 * from the end); len + 1 when it lies past the end (no match possible). */
static size_t start_offset(lua_State *L, int idx, size_t len) {
  lua_Integer init = luaL_optinteger(L, idx, 1);
  if (init > 0) return (lua_Unsigned)init - 1 > len ? len + 1 : (size_t)init - 1;
  if (init == 0) return 0;
  lua_Unsigned back = (lua_Unsigned)0 - (lua_Unsigned)init; /* no overflow at minint */
  return back > len ? 0 : len - (size_t)back;
}

/* Pushes the cache table of the document behind a Doc or Section subject;
 * returns 0 (having pushed something else) for strings and closed documents. */
static int push_doc_cache(lua_State *L, int sidx) {
  if (luaL_testudata(L, sidx, GWL_SECTION)) {
    lua_getiuservalue(L, sidx, 1); /* the Doc */
    lua_getiuservalue(L, -1, 1);
    lua_remove(L, -2);
  } else if (luaL_testudata(L, sidx, GWL_DOC)) {
    lua_getiuservalue(L, sidx, 1);
  } else {
    lua_pushnil(L);
  }
  return lua_type(L, -1) == LUA_TTABLE;
}

/* What the core may assume about the subject.  Regexes whose only Unicode
 * classes are \d and \D run as their ASCII twin on text without non-ASCII
 * digits; a document is scanned once (cached), a string on each whole-subject
 * call (scan = 1).  Single searches (scan = 0) only use a cached answer. */
static int subject_flags(lua_State *L, int sidx, const gw_regex *re, const gwl_subject *s,
                         int scan) {
  int flags = s->trusted ? GW_SUBJECT_VALID : 0;
  if (!gw_regex_has_ascii_twin(re)) return flags;
  if (!s->doc) {
    if (scan && gw_find_nonascii_digit(s->text, s->len) == s->len)
      flags |= GW_SUBJECT_ASCII_DIGITS;
    return flags;
  }
  int cache = push_doc_cache(L, sidx);
  if (cache && lua_getfield(L, -1, ASCII_DIGITS_KEY) == LUA_TBOOLEAN) {
    if (lua_toboolean(L, -1)) flags |= GW_SUBJECT_ASCII_DIGITS;
  } else if (scan) {
    size_t len;
    const char *text = gw_doc_text(s->doc, &len); /* the whole text: sections share it */
    int ascii = gw_find_nonascii_digit(text, len) == len;
    if (ascii) flags |= GW_SUBJECT_ASCII_DIGITS;
    if (cache) {
      lua_pushboolean(L, ascii);
      lua_setfield(L, -3, ASCII_DIGITS_KEY);
    }
  }
  lua_pop(L, cache ? 2 : 1);
  return flags;
}

static int next_match(lua_State *L, const gw_regex *re, rx_call *c, const gwl_subject *s) {
  gw_error err;
  int rc = gw_regex_next(re, c->m, s->text, s->len, &c->pos, c->subject, &err);
  if (rc < 0) gwl_raise(L, &err);
  return rc;
}

/* Pushes capture i (0: the whole match), or false when the group did not take part. */
static void push_capture(lua_State *L, const gwl_subject *s, const size_t *ov, int i) {
  if (ov[2 * i] == GW_NOPOS) lua_pushboolean(L, 0);
  else lua_pushlstring(L, s->text + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
}

/* Pushes the captures, or the whole match when there are none; returns how many. */
static int push_captures(lua_State *L, const gw_regex *re, const gwl_subject *s,
                         const size_t *ov) {
  int n = gw_regex_ncaptures(re);
  if (n == 0) {
    push_capture(L, s, ov, 0);
    return 1;
  }
  luaL_checkstack(L, n, "too many captures");
  for (int i = 1; i <= n; i++) push_capture(L, s, ov, i);
  return n;
}

static void push_offset(lua_State *L, const gwl_subject *s, size_t off) {
  lua_pushinteger(L, (lua_Integer)(s->base + off));
}

/* Sets t[name] = capture for each named group of the table on top. */
static void set_named(lua_State *L, const gw_regex *re, const gwl_subject *s,
                      const size_t *ov) {
  for (int i = 1; i <= gw_regex_ncaptures(re); i++) {
    const char *name = gw_regex_group_name(re, i);
    if (!name) continue;
    push_capture(L, s, ov, i);
    lua_setfield(L, -2, name);
  }
}

/* ---------------------------------------------------------------- compiling */

static void canonical_flags(uint32_t flags, char *out) {
  for (int i = 0; FLAG_LETTERS[i]; i++)
    if (flags & (1u << i)) *out++ = FLAG_LETTERS[i];
  *out = '\0';
}

static uint32_t check_flags(lua_State *L, int idx) {
  const char *s = luaL_optstring(L, idx, "");
  uint32_t flags;
  size_t bad;
  if (gw_regex_parse_flags(s, &flags, &bad) != 0)
    luaL_argerror(L, idx,
                  lua_pushfstring(L, "unknown regex flag '%c' (flags are " FLAG_LETTERS ")", s[bad]));
  return flags;
}

static uint32_t limit_field(lua_State *L, int idx, const char *name) {
  uint32_t v = 0;
  if (lua_getfield(L, idx, name) != LUA_TNIL) {
    int ok;
    lua_Integer n = lua_tointegerx(L, -1, &ok);
    if (!ok || n < 1 || n > UINT32_MAX)
      luaL_argerror(L, idx, lua_pushfstring(L, "%s must be an integer from 1 to 4294967295", name));
    v = (uint32_t)n;
  }
  lua_pop(L, 1);
  return v;
}

/* Registry keys of the per-state tables (addresses: cheaper to look up
 * than names), made by gwl_open_regex. */
static const char plain_cache_key = 'P';   /* weak-valued: pattern -> Regex, no flags */
static const char flagged_cache_key = 'F'; /* weak-valued: "flags/pattern" -> Regex */
static const char recent_key = 'N';        /* the last RECENT_SIZE regexes used */

/* Keeps the regex on top alive in a ring of the last RECENT_SIZE ones used,
 * so that patterns used in a loop survive the weak cache between
 * collections.  Slot RECENT_SIZE + 1 holds the slot written last; using the
 * same regex again writes nothing. */
static void remember(lua_State *L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &recent_key); /* regex, ring */
  lua_rawgeti(L, -1, RECENT_SIZE + 1);
  lua_Integer last = lua_tointeger(L, -1); /* 0 before the first */
  lua_rawgeti(L, -2, last);
  int same = lua_rawequal(L, -1, -4);
  lua_pop(L, 2);
  if (!same) {
    lua_Integer slot = last % RECENT_SIZE + 1;
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, slot);
    lua_pushinteger(L, slot);
    lua_rawseti(L, -2, RECENT_SIZE + 1);
  }
  lua_pop(L, 1);
}

static void new_weak_table(lua_State *L, const void *key) {
  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "v");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

/* Compiles pattern (at pidx) into a new Regex on top of the stack. */
static void compile_new(lua_State *L, int pidx, const gw_regex_opts *opts, const char *cflags) {
  size_t len;
  const char *pattern = lua_tolstring(L, pidx, &len);
  gwl_regex *r = lua_newuserdatauv(L, sizeof *r, 2);
  r->re = NULL;
  r->spare = NULL;
  r->busy = 0;
  luaL_setmetatable(L, GWL_REGEX);
  lua_pushvalue(L, pidx);
  lua_setiuservalue(L, -2, 1);
  lua_pushstring(L, cflags);
  lua_setiuservalue(L, -2, 2);
  gw_error err;
  if (gw_regex_compile(pattern, len, opts, &r->re, &err) != 0) gwl_raise(L, &err);
}

/* Pushes the Regex for the string at pidx with flags; cached unless limits
 * are given (a regex with its own limits is its own object). */
static void push_regex(lua_State *L, int pidx, uint32_t flags, const gw_regex_opts *limits) {
  char cflags[sizeof FLAG_LETTERS];
  canonical_flags(flags, cflags);
  gw_regex_opts opts = {0};
  if (limits) opts = *limits;
  opts.flags = flags;
  if (limits) {
    compile_new(L, pidx, &opts, cflags);
    return;
  }
  pidx = lua_absindex(L, pidx);
  if (cflags[0]) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &flagged_cache_key);
    lua_pushfstring(L, "%s/", cflags);
    lua_pushvalue(L, pidx);
    lua_concat(L, 2); /* key: flags and the pattern (which may hold any byte) */
  } else {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &plain_cache_key);
    lua_pushvalue(L, pidx); /* key: the pattern itself */
  }
  lua_pushvalue(L, -1);
  if (lua_rawget(L, -3) == LUA_TUSERDATA) { /* cache, key, regex */
    lua_remove(L, -2);
  } else {
    lua_pop(L, 1);
    compile_new(L, pidx, &opts, cflags);
    lua_pushvalue(L, -1);
    lua_insert(L, -3); /* cache, regex, key, regex */
    lua_rawset(L, -4);
  }
  lua_remove(L, -2);
  remember(L);
}

/* The pattern argument of a module function: a Regex, or a string compiled
 * with the flags at fidx.  Leaves the Regex at pidx so it stays alive. */
static const gw_regex *regex_arg(lua_State *L, int pidx, int fidx) {
  if (test_regex(L, pidx)) {
    if (!lua_isnoneornil(L, fidx)) luaL_argerror(L, fidx, "flags given with a compiled regex");
    return check_regex(L, pidx);
  }
  if (lua_type(L, pidx) != LUA_TSTRING)
    luaL_typeerror(L, pidx, "string or " GWL_REGEX);
  push_regex(L, pidx, check_flags(L, fidx), NULL);
  lua_replace(L, pidx);
  return check_regex(L, pidx);
}

/* gw.regex(pattern [, flags [, limits]]) */
static int l_regex(lua_State *L) {
  luaL_checkstring(L, 1);
  uint32_t flags = check_flags(L, 2);
  if (lua_isnoneornil(L, 3)) {
    push_regex(L, 1, flags, NULL);
    return 1;
  }
  luaL_checktype(L, 3, LUA_TTABLE);
  gw_regex_opts limits = {0};
  limits.match_limit = limit_field(L, 3, "match_limit");
  limits.depth_limit = limit_field(L, 3, "depth_limit");
  limits.heap_limit_kib = limit_field(L, 3, "heap_limit");
  push_regex(L, 1, flags, &limits);
  return 1;
}

/* ---------------------------------------------------------------- find family */

enum { FIND, MATCH, TFIND, EXEC, SEARCH };

/* The table of captures, sized for them, their names and nfields more. */
static void push_capture_table(lua_State *L, const gw_regex *re, const gwl_subject *s,
                               const size_t *ov, int nfields) {
  int n = gw_regex_ncaptures(re), named = 0;
  for (int i = 1; i <= n; i++) named += gw_regex_group_name(re, i) != NULL;
  lua_createtable(L, n, named + nfields);
  for (int i = 1; i <= n; i++) {
    push_capture(L, s, ov, i);
    lua_rawseti(L, -2, i);
  }
  set_named(L, re, s, ov);
}

static void push_offset_table(lua_State *L, const gw_regex *re, const gwl_subject *s,
                              const size_t *ov) {
  int n = gw_regex_ncaptures(re);
  lua_createtable(L, 2 * n, 0);
  for (int i = 1; i <= n; i++) {
    if (ov[2 * i] == GW_NOPOS) {
      lua_pushboolean(L, 0);
      lua_pushboolean(L, 0);
    } else {
      push_offset(L, s, ov[2 * i] + 1);
      push_offset(L, s, ov[2 * i + 1]);
    }
    lua_rawseti(L, -3, 2 * i);
    lua_rawseti(L, -2, 2 * i - 1);
  }
}

/* {start=, stop=, text=, line=, column=, [i]=capture, name=capture} */
static void push_search_table(lua_State *L, const gw_regex *re, const gwl_subject *s,
                              const size_t *ov) {
  size_t line, column;
  push_capture_table(L, re, s, ov, 5);
  push_offset(L, s, ov[0] + 1);
  lua_setfield(L, -2, "start");
  push_offset(L, s, ov[1]);
  lua_setfield(L, -2, "stop");
  push_capture(L, s, ov, 0);
  lua_setfield(L, -2, "text");
  gwl_subject_position(s, ov[0], &line, &column);
  lua_pushinteger(L, (lua_Integer)line);
  lua_setfield(L, -2, "line");
  lua_pushinteger(L, (lua_Integer)column);
  lua_setfield(L, -2, "column");
}

/* Match data for one search: the regex's spare one when it is free (it is
 * then busy until give_match), else a new call state pushed on the stack. */
static gw_match *take_match(lua_State *L, gwl_regex *r, int subject, rx_call **call) {
  *call = NULL;
  if (!r->busy) {
    if (r->spare) gw_match_reset(r->spare);
    else r->spare = gw_match_new(r->re);
    if (r->spare) {
      r->busy = 1;
      return r->spare;
    }
  }
  *call = new_call(L, r->re, subject);
  return (*call)->m;
}

static void give_match(gwl_regex *r, rx_call *call) {
  if (call) end_call(call);
  else r->busy = 0;
}

/* One search from init; what it returns depends on kind (see the enum). */
static int find_common(lua_State *L, int ridx, int sidx, int iidx, int kind) {
  gwl_regex *r = check_regex_udata(L, ridx);
  const gw_regex *re = r->re;
  gwl_subject s;
  gwl_checksubject(L, sidx, &s);
  size_t start = start_offset(L, iidx, s.len);
  if (start > s.len) {
    lua_pushnil(L);
    return 1;
  }
  int subject = subject_flags(L, sidx, re, &s, 0);
  rx_call *c;
  gw_match *m = take_match(L, r, subject, &c);
  gw_error err;
  int rc = gw_regex_exec(re, m, s.text, s.len, start, subject, &err);
  if (rc <= 0) {
    give_match(r, c);
    if (rc < 0) return gwl_raise(L, &err);
    lua_pushnil(L);
    return 1;
  }
  /* Only a memory error can be raised from here to give_match; the spare
   * then stays busy and later searches use call states (nothing leaks). */
  const size_t *ov = gw_match_ovector(m);
  int n = 0;
  if (kind == FIND || kind == TFIND || kind == EXEC) {
    push_offset(L, &s, ov[0] + 1);
    push_offset(L, &s, ov[1]);
    n = 2;
  }
  switch (kind) {
  case FIND:
    n += gw_regex_ncaptures(re) ? push_captures(L, re, &s, ov) : 0;
    break;
  case MATCH: n += push_captures(L, re, &s, ov); break;
  case TFIND: push_capture_table(L, re, &s, ov, 0), n++; break;
  case EXEC: push_offset_table(L, re, &s, ov), n++; break;
  default: push_search_table(L, re, &s, ov), n++; break;
  }
  give_match(r, c);
  return n;
}

static int m_find(lua_State *L) { return find_common(L, 1, 2, 3, FIND); }
static int m_match(lua_State *L) { return find_common(L, 1, 2, 3, MATCH); }
static int m_tfind(lua_State *L) { return find_common(L, 1, 2, 3, TFIND); }
static int m_exec(lua_State *L) { return find_common(L, 1, 2, 3, EXEC); }
static int m_search(lua_State *L) { return find_common(L, 1, 2, 3, SEARCH); }

/* gw.find(subject, pattern [, init [, flags]]), gw.match likewise */
static int f_find(lua_State *L) {
  regex_arg(L, 2, 4);
  return find_common(L, 2, 1, 3, FIND);
}
static int f_match(lua_State *L) {
  regex_arg(L, 2, 4);
  return find_common(L, 2, 1, 3, MATCH);
}

/* ---------------------------------------------------------------- count */

static int count_common(lua_State *L, int ridx, int sidx) {
  gwl_regex *r = check_regex_udata(L, ridx);
  gwl_subject s;
  gwl_checksubject(L, sidx, &s);
  gw_error err;
  int flags = subject_flags(L, sidx, r->re, &s, 1);
  rx_call *c;
  gw_match *m = take_match(L, r, flags, &c); /* no Lua calls while counting */
  lua_Integer n = 0;
  size_t pos = 0;
  int rc;
  while ((rc = gw_regex_next(r->re, m, s.text, s.len, &pos, flags, &err)) == 1) n++;
  give_match(r, c);
  if (rc < 0) return gwl_raise(L, &err);
  lua_pushinteger(L, n);
  return 1;
}

static int m_count(lua_State *L) { return count_common(L, 1, 2); }
static int f_count(lua_State *L) {
  regex_arg(L, 2, 3);
  return count_common(L, 2, 1);
}

/* ---------------------------------------------------------------- iterators */

/* Upvalues of gmatch and split iterators: 1 Regex, 2 subject, 3 call state.
 * The subject is looked up again on every step: a document may have been
 * closed in between (then gwl_checksubject raises). */
static rx_call *iter_state(lua_State *L, const gw_regex **re, gwl_subject *s) {
  *re = check_regex(L, lua_upvalueindex(1));
  rx_call *c = lua_touserdata(L, lua_upvalueindex(3));
  if (c->done) return c;
  lua_pushvalue(L, lua_upvalueindex(2));
  gwl_checksubject(L, lua_gettop(L), s);
  lua_pop(L, 1); /* the upvalue keeps the subject alive */
  return c;
}

static int gmatch_step(lua_State *L) {
  const gw_regex *re;
  gwl_subject s;
  rx_call *c = iter_state(L, &re, &s);
  if (c->done) return 0;
  if (!next_match(L, re, c, &s)) {
    end_call(c);
    return 0;
  }
  return push_captures(L, re, &s, gw_match_ovector(c->m));
}

/* Each step: the text before the next separator and the separator's
 * captures (or the separator); the last step: the tail alone. */
static int split_step(lua_State *L) {
  const gw_regex *re;
  gwl_subject s;
  rx_call *c = iter_state(L, &re, &s);
  if (c->done) return 0;
  if (!next_match(L, re, c, &s)) {
    lua_pushlstring(L, s.text + c->piece, s.len - c->piece);
    end_call(c);
    return 1;
  }
  const size_t *ov = gw_match_ovector(c->m);
  lua_pushlstring(L, s.text + c->piece, ov[0] - c->piece);
  c->piece = ov[1] > ov[0] ? ov[1] : ov[0];
  return 1 + push_captures(L, re, &s, ov);
}

static int make_iterator(lua_State *L, int ridx, int sidx, lua_CFunction step) {
  const gw_regex *re = check_regex(L, ridx);
  gwl_subject s;
  gwl_checksubject(L, sidx, &s);
  lua_pushvalue(L, ridx);
  int flags = subject_flags(L, sidx, re, &s, 1);
  lua_pushvalue(L, sidx);
  new_call(L, re, flags);
  lua_pushvalue(L, -1);
  lua_insert(L, -4);
  lua_pushcclosure(L, step, 3);
  /* iterator, nil, nil, closing value: `break` in a for loop frees the state */
  lua_insert(L, -2);
  lua_pushnil(L);
  lua_pushnil(L);
  lua_rotate(L, -3, -1);
  return 4;
}

static int m_gmatch(lua_State *L) { return make_iterator(L, 1, 2, gmatch_step); }
static int m_split(lua_State *L) { return make_iterator(L, 1, 2, split_step); }
static int f_gmatch(lua_State *L) {
  regex_arg(L, 2, 3);
  return make_iterator(L, 2, 1, gmatch_step);
}
static int f_split(lua_State *L) {
  regex_arg(L, 2, 3);
  return make_iterator(L, 2, 1, split_step);
}

/* ---------------------------------------------------------------- gsub */

/* Raises unless every %d in the replacement names an existing capture
 * (%1 is the whole match when there are none, as in lrexlib). */
static void check_repl_string(lua_State *L, int idx, int ncaptures) {
  size_t len;
  const char *r = lua_tolstring(L, idx, &len);
  for (size_t i = 0; i + 1 < len; i++) {
    if (r[i] != '%') continue;
    i++;
    if (r[i] >= '0' && r[i] <= '9') {
      int k = r[i] - '0';
      if (k > ncaptures && !(k == 1 && ncaptures == 0))
        luaL_argerror(L, idx, lua_pushfstring(L, "invalid capture index %%%d in replacement", k));
    }
  }
}

/* Appends the replacement string: %0-%9 captures, % before any other
 * character that character (so %% is %), a final lone % dropped. */
static void add_repl_string(luaL_Buffer *b, const char *r, size_t len, const gwl_subject *s,
                            const size_t *ov, int ncaptures) {
  for (size_t i = 0; i < len; i++) {
    const char *pct = memchr(r + i, '%', len - i);
    size_t lit = pct ? (size_t)(pct - r) - i : len - i;
    luaL_addlstring(b, r + i, lit);
    i += lit;
    if (++i >= len) break;
    if (r[i] < '0' || r[i] > '9') {
      luaL_addchar(b, r[i]);
      continue;
    }
    int k = r[i] - '0';
    if (ncaptures == 0) k = 0;
    if (ov[2 * k] != GW_NOPOS)
      luaL_addlstring(b, s->text + ov[2 * k], ov[2 * k + 1] - ov[2 * k]);
  }
}

/* The value on top replaces the match when it is a string or a number; false
 * or nil keeps the match.  Returns 1 when it substituted. */
static int add_repl_value(lua_State *L, luaL_Buffer *b, const char *match, size_t mlen) {
  int t = lua_type(L, -1);
  if (t == LUA_TSTRING || t == LUA_TNUMBER) {
    luaL_addvalue(b);
    return 1;
  }
  if (lua_toboolean(L, -1))
    return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  lua_pop(L, 1);
  luaL_addlstring(b, match, mlen);
  return 0;
}

static int gsub_common(lua_State *L, int ridx, int sidx, int repl, int nidx) {
  const gw_regex *re = check_regex(L, ridx);
  gwl_subject s;
  gwl_checksubject(L, sidx, &s);
  int kind = lua_type(L, repl);
  int ncap = gw_regex_ncaptures(re);
  if (kind == LUA_TNUMBER) lua_tostring(L, repl), kind = LUA_TSTRING;
  if (kind == LUA_TSTRING) check_repl_string(L, repl, ncap);
  else if (kind != LUA_TTABLE && kind != LUA_TFUNCTION)
    luaL_typeerror(L, repl, "string, table or function");
  lua_Integer max = luaL_optinteger(L, nidx, -1);
  if (lua_isnoneornil(L, nidx)) max = -1;
  else if (max < 0) max = 0;
  rx_call *c = new_call(L, re, subject_flags(L, sidx, re, &s, 1));
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  lua_Integer nmatch = 0, nsub = 0;
  size_t copied = 0;
  while ((max < 0 || nmatch < max) && next_match(L, re, c, &s)) {
    const size_t *ov = gw_match_ovector(c->m);
    size_t ms = ov[0], me = ov[1] > ov[0] ? ov[1] : ov[0];
    nmatch++;
    luaL_addlstring(&b, s.text + copied, ms - copied);
    copied = me;
    if (kind == LUA_TSTRING) {
      size_t rlen;
      const char *r = lua_tolstring(L, repl, &rlen);
      add_repl_string(&b, r, rlen, &s, ov, ncap);
      nsub++;
      continue;
    }
    if (kind == LUA_TTABLE) {
      push_capture(L, &s, ov, ncap ? 1 : 0);
      lua_gettable(L, repl);
    } else {
      lua_pushvalue(L, repl);
      int nargs = push_captures(L, re, &s, ov);
      lua_call(L, nargs, 1);
    }
    /* The callback (or an __index) may have closed a document: look again. */
    gwl_checksubject(L, sidx, &s);
    nsub += add_repl_value(L, &b, s.text + ms, me - ms);
  }
  luaL_addlstring(&b, s.text + copied, s.len - copied);
  end_call(c);
  luaL_pushresult(&b);
  lua_pushinteger(L, nmatch);
  lua_pushinteger(L, nsub);
  return 3;
}

static int m_gsub(lua_State *L) { return gsub_common(L, 1, 2, 3, 4); }
/* gw.gsub(subject, pattern, repl [, n [, flags]]) */
static int f_gsub(lua_State *L) {
  regex_arg(L, 2, 5);
  return gsub_common(L, 2, 1, 3, 4);
}

/* ---------------------------------------------------------------- Regex object */

static int m_gc(lua_State *L) {
  gwl_regex *r = luaL_checkudata(L, 1, GWL_REGEX);
  gw_regex_free(r->re);
  r->re = NULL;
  gw_match_free(r->spare);
  r->spare = NULL;
  return 0;
}

static int m_tostring(lua_State *L) {
  luaL_checkudata(L, 1, GWL_REGEX);
  lua_getiuservalue(L, 1, 1);
  lua_getiuservalue(L, 1, 2);
  lua_pushfstring(L, GWL_REGEX "(/%s/%s)", lua_tostring(L, -2), lua_tostring(L, -1));
  return 1;
}

static void push_names(lua_State *L, const gw_regex *re) {
  lua_newtable(L);
  for (int i = 1; i <= gw_regex_ncaptures(re); i++) {
    const char *name = gw_regex_group_name(re, i);
    if (!name) continue;
    lua_pushstring(L, name);
    lua_rawseti(L, -2, i);
  }
}

/* Methods first (upvalue 1), then the fields pattern, flags, ncaptures, jit,
 * names.  Upvalue 2, the Regex metatable, spares the registry look-up. */
static int m_index(lua_State *L) {
  gwl_regex *r = NULL;
  if (lua_type(L, 1) == LUA_TUSERDATA && lua_getmetatable(L, 1)) {
    if (lua_rawequal(L, -1, lua_upvalueindex(2))) r = lua_touserdata(L, 1);
    lua_pop(L, 1);
  }
  if (!r || !r->re) r = check_regex_udata(L, 1); /* raises as it always did */
  const gw_regex *re = r->re;
  const char *key = lua_tostring(L, 2);
  if (!key) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
  if (strcmp(key, "pattern") == 0) lua_getiuservalue(L, 1, 1);
  else if (strcmp(key, "flags") == 0) lua_getiuservalue(L, 1, 2);
  else if (strcmp(key, "ncaptures") == 0) lua_pushinteger(L, gw_regex_ncaptures(re));
  else if (strcmp(key, "jit") == 0) lua_pushboolean(L, gw_regex_jit(re));
  else if (strcmp(key, "names") == 0) push_names(L, re);
  else lua_pushnil(L);
  return 1;
}

/* gw.regex_info() -> {jit=, version=, unicode=, validator=} */
static int l_regex_info(lua_State *L) {
  char version[64];
  int jit, unicode;
  gw_regex_engine(version, sizeof version, &jit, &unicode);
  lua_createtable(L, 0, 4);
  lua_pushboolean(L, jit);
  lua_setfield(L, -2, "jit");
  lua_pushstring(L, version);
  lua_setfield(L, -2, "version");
  lua_pushboolean(L, unicode);
  lua_setfield(L, -2, "unicode");
  lua_pushstring(L, gw_utf8_impl());
  lua_setfield(L, -2, "validator");
  return 1;
}

static const luaL_Reg regex_methods[] = {
  {"find", m_find},     {"match", m_match}, {"tfind", m_tfind}, {"exec", m_exec},
  {"search", m_search}, {"count", m_count}, {"gmatch", m_gmatch}, {"split", m_split},
  {"gsub", m_gsub},     {NULL, NULL}};

static const luaL_Reg module_functions[] = {
  {"regex", l_regex}, {"regex_info", l_regex_info}, {"find", f_find},   {"match", f_match},
  {"gmatch", f_gmatch}, {"count", f_count},         {"gsub", f_gsub},   {"split", f_split},
  {NULL, NULL}};

void gwl_open_regex(lua_State *L) {
  new_weak_table(L, &plain_cache_key);
  new_weak_table(L, &flagged_cache_key);
  lua_createtable(L, RECENT_SIZE + 1, 0);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &recent_key);

  luaL_newmetatable(L, CALL_TYPE);
  lua_pushcfunction(L, call_close);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, call_close);
  lua_setfield(L, -2, "__close");
  lua_pop(L, 1);

  luaL_newmetatable(L, GWL_REGEX);
  lua_pushvalue(L, -1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &regex_meta_key);
  lua_pushcfunction(L, m_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, m_tostring);
  lua_setfield(L, -2, "__tostring");
  luaL_newlib(L, regex_methods);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "__methods"); /* where gwl_addmethods adds more */
  lua_pushvalue(L, -2);
  lua_pushcclosure(L, m_index, 2);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);

  luaL_setfuncs(L, module_functions, 0);
}
