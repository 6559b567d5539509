/* lgrep.c — what a grep over documents asks for each match, answered in C
 * without copying the text or making a view of every section:
 * doc:line_span(k) (the bytes of line k) and doc:section_at(pos) (the
 * innermost section holding a byte). */
#include "binding.h"

/* doc:line_span(k) -> first, last: 1-based inclusive bytes of line k, its
 * newline excluded (an empty line gives last = first - 1); nil when k is
 * not a line of the document.  Lines as doc:lines() counts them. */
static int doc_line_span(lua_State *L) {
  gw_doc *doc = gwl_checkdoc(L, 1);
  lua_Integer k = luaL_checkinteger(L, 2);
  if (k < 1 || (lua_Unsigned)k > gw_doc_line_count(doc)) { luaL_pushfail(L); return 1; }
  const char *text = gw_doc_text(doc, NULL);
  size_t first = gw_doc_line_start(doc, (size_t)k);
  size_t next = gw_doc_line_start(doc, (size_t)k + 1); /* len after the last line */
  size_t stop = next > first && text[next - 1] == '\n' ? next - 1 : next;
  lua_pushinteger(L, (lua_Integer)first + 1);
  lua_pushinteger(L, (lua_Integer)stop);
  return 2;
}

/* Index of the innermost non-root section of o whose span [start, stop)
 * holds byte p (0-based), or 0 when only the root does.  Sections are in
 * depth-first order, so by start: the last one starting at or before p is
 * the innermost holder or lies inside it; its ancestors are the candidates. */
static int innermost_section(const gw_outline *o, size_t p) {
  size_t lo = 1, hi = o->nsections; /* first index with start > p, in [lo, hi] */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (o->sections[mid].start <= p) lo = mid + 1;
    else hi = mid;
  }
  int i = (int)lo - 1;
  while (i > 0 && o->sections[i].stop <= p) i = o->sections[i].parent;
  return i > 0 ? i : 0;
}

/* doc:section_at(pos) -> the innermost Section holding byte pos (1-based),
 * or nil when none does (the preamble, text before the first heading, and
 * #text + 1, where an empty match at the end starts). */
static int doc_section_at(lua_State *L) {
  gw_doc *doc = gwl_checkdoc(L, 1);
  lua_Integer pos = luaL_checkinteger(L, 2);
  size_t len;
  gw_doc_text(doc, &len);
  luaL_argcheck(L, pos >= 1 && (lua_Unsigned)pos <= len + 1, 2, "offset out of the document");
  const gw_outline *o = gw_doc_outline(doc);
  if (!o) return luaL_error(L, "out of memory building the outline");
  int i = innermost_section(o, (size_t)pos - 1);
  if (i == 0) luaL_pushfail(L);
  else gwl_pushsection(L, 1, i);
  return 1;
}

static const luaL_Reg doc_methods[] = {
  {"line_span", doc_line_span}, {"section_at", doc_section_at}, {NULL, NULL}};

void gwl_open_grep(lua_State *L) {
  gwl_addmethods(L, GWL_DOC, doc_methods);
}
