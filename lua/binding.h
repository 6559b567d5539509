/* binding.h — shared between the files of the Lua binding (not installed).
 * Each lua/l*.c file owns one type or family of functions and has one
 * gwl_open_* entry called by luaopen_gongwen in lua/gongwen.c. */
#ifndef GONGWEN_BINDING_H
#define GONGWEN_BINDING_H

#include <lua.h>
#include <lauxlib.h>
#include "gongwen.h"

#define GWL_DOC "gongwen.Doc"
#define GWL_SECTION "gongwen.Section"
#define GWL_REGEX "gongwen.Regex"

/* Doc userdata: 1 user value, a cache table (meta, outline views...). */
typedef struct gwl_doc { gw_doc *doc; } gwl_doc;

/* Section userdata: a view (doc, index); user value 1 is the Doc userdata. */
typedef struct gwl_section { gw_doc *doc; int index; } gwl_section;

/* What regexes and extractors work on: a Lua string, a Doc or a Section.
 * For Docs and Sections text points into the document (no copy) and base is
 * the 0-based offset of text within doc:text(), so results are reported as
 * base + offset + 1. */
typedef struct gwl_subject {
  const char *text;
  size_t len;
  size_t base;
  gw_doc *doc;      /* NULL for strings */
  int trusted;      /* 1: known-valid UTF-8 (documents) */
} gwl_subject;

/* Raises a Lua argument error unless idx holds a string, Doc or Section. */
void gwl_checksubject(lua_State *L, int idx, gwl_subject *s);
/* 1-based line and column of a subject offset (0-based, relative to s->text). */
void gwl_subject_position(const gwl_subject *s, size_t offset, size_t *line, size_t *column);

gw_doc *gwl_checkdoc(lua_State *L, int idx);     /* raises if closed */
gwl_section *gwl_checksection(lua_State *L, int idx);
/* Pushes a Section view of doc userdata at doc_idx, index i (cached per doc). */
void gwl_pushsection(lua_State *L, int doc_idx, int i);

/* I/O and decoding failures: pushes nil, message, details{code, offset, line,
 * column} and returns 3.  Offsets in details are 1-based. */
int gwl_pusherror(lua_State *L, const gw_error *err);
/* Pattern, limit and other programming errors: raises with err->message. */
int gwl_raise(lua_State *L, const gw_error *err);

/* Pushes the report parts of a heading title as an array ({"other"} when
 * none), classified with this state's word lists (lua/lextract.c). */
void gwl_pushparts(lua_State *L, const char *title, size_t len);

/* Pushes doc.meta (computed once, cached in the doc's user value table). */
void gwl_pushmeta(lua_State *L, int doc_idx);

/* Openers: each adds its functions to the module table on top of the stack
 * and creates its metatables.  Called in this order. */
void gwl_open_doc(lua_State *L);      /* lua/ldoc.c: open, parse, corpus, Doc */
void gwl_open_section(lua_State *L);  /* lua/lsection.c: Section, doc:outline()... */
void gwl_open_regex(lua_State *L);    /* lua/lregex.c: regex, find, match, ... */
void gwl_open_extract(lua_State *L);  /* lua/lextract.c: quantities, citations, ... */
void gwl_open_grep(lua_State *L);     /* lua/lgrep.c: doc:line_span, doc:section_at */

/* The userdata at idx when its metatable is the one stored in the registry
 * under the light-userdata key meta_key, else NULL: luaL_testudata without
 * its look-up by name, for the types checked on every call (Doc, Regex). */
void *gwl_testudata(lua_State *L, int idx, const void *meta_key);

/* Adds functions to the method table (the __index table) of metatable tname. */
void gwl_addmethods(lua_State *L, const char *tname, const luaL_Reg *l);

#endif
