/* host.h — the parts of the `gongwen` command (embeds Lua 5.4 + the module).
 * main.c: arguments and dispatch; state.c: Lua states; scripts.c: finding
 * shipped scripts; corpus.c: parallel map/reduce runs; marshal.c: plain data
 * between states; repl.c: the interactive prompt. */
#ifndef GONGWEN_HOST_H
#define GONGWEN_HOST_H

#include <stddef.h>
#include <lua.h>

/* Where `make install` puts the shipped scripts (the Makefile defines it). */
#ifndef GW_SCRIPTDIR
#define GW_SCRIPTDIR "/usr/local/share/gongwen/scripts"
#endif

/* Exit statuses of the command. */
enum { HOST_OK = 0, HOST_FAILED = 1, HOST_USAGE = 2 };

/* What to run: a script file (or -e code) with its arguments. */
typedef struct host_script {
  const char *path;     /* file path, or the chunk name for -e */
  const char *chunkname; /* "@path" or "=(command line)" */
  char *source;         /* the chunk's text, read once, shared with workers */
  size_t len;
  char *const *args;    /* arg[1..nargs] */
  int nargs;
  const char *progname; /* arg[-1]: argv[0] */
  const char *title;    /* "gongwen summary": how usage messages name it */
} host_script;

/* ---------------------------------------------------------------- state.c */

/* A new state with the standard libraries, the module required as "gongwen"
 * and set as global gw.  NULL with the reason in why when that fails. */
lua_State *host_newstate(char *why, size_t size);
/* Message handler for lua_pcall: appends a traceback to string errors. */
int host_traceback(lua_State *L);
/* Sets global arg (arg[-1] progname, arg[0] script, arg[1..] args) and adds the
 * script's directory to package.path; then loads and runs the chunk with the
 * args as `...`.  Returns a lua_pcall status; on error the message (with
 * traceback) is on the stack top. */
int host_runchunk(lua_State *L, const host_script *s);
/* Prints "gongwen: MESSAGE" to stderr for the value on top and pops it. */
void host_report(lua_State *L);
/* Reads a whole file into malloc memory ("-": stdin).  NULL with errno set. */
char *host_readfile(const char *path, size_t *len);

/* ---------------------------------------------------------------- scripts.c */

/* Finds shipped script NAME: $GONGWEN_SCRIPTS (a ':'-list), ../scripts beside
 * the executable, GW_SCRIPTDIR.  Returns a malloc'd path or NULL. */
char *host_find_script(const char *name);
/* Prints each shipped script with its one-line description.  Returns a status. */
int host_list_scripts(void);
/* The description of a script's source: the first "-- NAME: text" comment
 * line, or the string assigned to a global `about`.  Writes "" when none. */
void host_describe(const char *source, size_t len, char *out, size_t size);

/* ---------------------------------------------------------------- corpus.c */

/* The script's chunk has run in L and defined global map: parses the options,
 * walks the paths, runs map on the workers and reduce in L.  Returns a status. */
int host_corpus_run(lua_State *L, const host_script *s);

/* ---------------------------------------------------------------- marshal.c */

/* A growable byte buffer holding one marshalled value. */
typedef struct host_bytes { char *data; size_t len, cap; } host_bytes;

/* Marshals the value at idx (nil, boolean, number, string, or a table of
 * those, without cycles) into out, which must be empty.  Returns 0, or -1
 * with a message on the stack naming where in the value the bad part is;
 * out is then freed.  May raise memory errors (call it protected). */
int host_marshal(lua_State *L, int idx, host_bytes *out);
/* Pushes the value marshalled in [data, data+len). */
void host_unmarshal(lua_State *L, const char *data, size_t len);

/* ---------------------------------------------------------------- repl.c */

/* Reads lines from stdin and runs them, printing results like lua -i. */
int host_repl(lua_State *L);

#endif
