/* corpus.c — a parallel corpus run, main thread side: parse the script's
 * options with gongwen.cli, expand the paths with gw_walk, start the workers
 * (worker.c), show progress, then hand the results in path order to reduce
 * and report the files that failed.  Output does not depend on -j. */
#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "corpus.h"
#include "gongwen.h"

#define MAX_JOBS 256

/* Calls cli.parse(arg, options, {name=, about=}); leaves opts on the stack and
 * returns -1, or prints the help or usage error and returns a status. */
static int parse_options(lua_State *L, const host_script *s) {
  lua_getglobal(L, "require");
  lua_pushliteral(L, "gongwen.cli");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "parse");
  lua_remove(L, -2);
  lua_getglobal(L, "arg");
  lua_getglobal(L, "options");
  lua_createtable(L, 0, 2);
  lua_pushstring(L, s->title);
  lua_setfield(L, -2, "name");
  char about[256];
  host_describe(s->source, s->len, about, sizeof about);
  lua_pushstring(L, about);
  lua_setfield(L, -2, "about");
  if (lua_pcall(L, 3, 1, 0) == LUA_OK) return -1;
  if (lua_type(L, -1) != LUA_TTABLE) return lua_error(L);
  lua_getfield(L, -1, "kind");
  const char *kind = lua_tostring(L, -1);
  lua_getfield(L, -2, "usage");
  lua_getfield(L, -3, "message");
  const char *usage = lua_tostring(L, -2), *message = lua_tostring(L, -1);
  if (kind && strcmp(kind, "help") == 0 && usage) {
    fputs(usage, stdout);
    return HOST_OK;
  }
  fprintf(stderr, "gongwen: %s\n%s", message ? message : "bad arguments", usage ? usage : "");
  return HOST_USAGE;
}

/* Strings of the array field of opts as a C array (a userdata on the stack,
 * so it goes with the stack on an error).  Sets *n; NULL when the field is nil. */
static const char **string_array(lua_State *L, int opts, const char *field, size_t *n) {
  *n = 0;
  if (lua_getfield(L, opts, field) != LUA_TTABLE) { lua_pop(L, 1); return NULL; }
  int t = lua_gettop(L);
  size_t len = (size_t)lua_rawlen(L, t);
  const char **list = lua_newuserdatauv(L, (len + 1) * sizeof *list, 0);
  for (size_t i = 0; i < len; i++) {
    lua_rawgeti(L, t, (lua_Integer)i + 1);
    list[i] = lua_tostring(L, -1);
    lua_pop(L, 1);  /* the string stays alive in opts */
    if (!list[i]) luaL_error(L, "opts.%s[%d] is not a string", field, (int)i + 1);
  }
  *n = len;
  return list;
}

typedef struct walk_errors { size_t count; } walk_errors;

static void on_walk_error(void *ud, const char *path, const char *message) {
  ((walk_errors *)ud)->count++;
  fprintf(stderr, "%s: %s\n", path, message);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The results the main thread has taken so far, in path order, for reduce:
 * the array at stack index table (files whose map returned nil are left
 * out).  Taking them while the workers run keeps the main thread's share of
 * the work after the run small, and frees each marshalled result early. */
typedef struct collector {
  int table;     /* stack index of the results array */
  int error;     /* stack index of the slot holding a failure, nil when none */
  size_t next;   /* the first file not taken yet */
  lua_Integer n; /* results in the array */
} collector;

/* take_ready(corpus, collector, results): appends the results of the files
 * done, in path order, up to the first file still running. */
static int take_ready(lua_State *L) {
  corpus *c = lua_touserdata(L, 1);
  collector *k = lua_touserdata(L, 2);
  for (; k->next < c->nfiles; k->next++) {
    slot *s = &c->slots[k->next];
    if (!atomic_load_explicit(&s->done, memory_order_acquire)) break;
    host_bytes *r = &s->result;
    if (!r->data) continue;
    host_unmarshal(L, r->data, r->len);
    lua_rawseti(L, 3, k->n + 1);
    k->n++;
    free(r->data);
    *r = (host_bytes){ 0 };
  }
  return 0;
}

/* Takes the results that are ready; a failure (out of memory) is kept in the
 * error slot and stops the taking. */
static void collect(lua_State *L, corpus *c, collector *k) {
  if (!lua_isnil(L, k->error)) return;
  lua_pushcfunction(L, take_ready);
  lua_pushlightuserdata(L, c);
  lua_pushlightuserdata(L, k);
  lua_pushvalue(L, k->table);
  if (lua_pcall(L, 3, 0, 0) != LUA_OK) lua_replace(L, k->error);
}

/* Waits for nworkers workers to end, taking results as they come when k is
 * set, and showing a progress line on stderr when show is set and the run
 * lasts more than a second. */
static void wait_workers(corpus *c, int nworkers, int show, lua_State *L, collector *k) {
  double start = now();
  int shown = 0;
  pthread_mutex_lock(&c->lock);
  while (c->finished < nworkers) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 50 * 1000000L;
    if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
    pthread_cond_timedwait(&c->changed, &c->lock, &until);
    if (k) {
      pthread_mutex_unlock(&c->lock);
      collect(L, c, k);
      pthread_mutex_lock(&c->lock);
    }
    double elapsed = now() - start;
    if (show && elapsed > 1.0 && c->finished < nworkers) {
      fprintf(stderr, "\r%zu/%zu documents, %.1f MB/s ", atomic_load(&c->done), c->nfiles,
              (double)atomic_load(&c->bytes) / 1e6 / elapsed);
      fflush(stderr);
      shown = 1;
    }
  }
  pthread_mutex_unlock(&c->lock);
  if (shown) { fputs("\r\033[K", stderr); fflush(stderr); }
}

/* Starts min(jobs, files) workers and waits for them (see wait_workers).
 * Returns how many ran. */
static int run_workers(corpus *c, lua_Integer jobs, int show, lua_State *L, collector *k) {
  pthread_t threads[MAX_JOBS];
  if (jobs > MAX_JOBS) jobs = MAX_JOBS;
  if ((size_t)jobs > c->nfiles) jobs = (lua_Integer)c->nfiles;
  int started = 0;
  for (; started < jobs; started++)
    if (pthread_create(&threads[started], NULL, host_worker, c) != 0) break;
  if (started == 0 && jobs > 0) c->fatal = strdup(strerror(errno ? errno : EAGAIN));
  wait_workers(c, started, show, L, k);
  for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
  return started;
}

/* One line per failed file, in path order; only the first traceback is
 * printed whole.  Returns how many failed. */
static size_t print_failures(const corpus *c) {
  size_t failed = 0;
  int traced = 0;
  for (size_t i = 0; i < c->nfiles; i++) {
    const char *e = c->slots[i].error;
    if (!e) continue;
    failed++;
    const char *nl = strchr(e, '\n');
    if (nl && traced) fprintf(stderr, "%.*s\n", (int)(nl - e), e);
    else fprintf(stderr, "%s\n", e);
    traced |= nl != NULL;
  }
  return failed;
}

/* The protected part of the run; upvalue-free, arguments: corpus, script. */
static int corpus_main(lua_State *L) {
  corpus *c = lua_touserdata(L, 1);
  const host_script *s = lua_touserdata(L, 2);
  lua_settop(L, 0);
  int status = parse_options(L, s);
  if (status >= 0) { lua_pushinteger(L, status); return 1; }
  int opts = lua_gettop(L);
  if (host_marshal(L, opts, &c->opts) != 0) return lua_error(L);

  size_t npaths, nglobs;
  const char **paths = string_array(L, opts, "paths", &npaths);
  const char **globs = string_array(L, opts, "glob", &nglobs);
  static const char *const stdin_path[] = { "-" };
  if (npaths == 0) {
    if (isatty(0)) {
      fprintf(stderr, "gongwen: no input: give files or directories, or pipe a file in\n");
      lua_pushinteger(L, HOST_USAGE);
      return 1;
    }
    paths = (const char **)stdin_path;
    npaths = 1;
  }
  walk_errors walk = { 0 };
  if (gw_walk(paths, npaths, globs, nglobs, on_walk_error, &walk, &c->files, &c->nfiles) != 0)
    return luaL_error(L, "out of memory while listing the input files");
  if (c->nfiles == 0 && walk.count == 0)
    fprintf(stderr, "gongwen: no input files found (names are matched by --glob, default *.txt, *.txt.gz)\n");
  c->slots = calloc(c->nfiles ? c->nfiles : 1, sizeof *c->slots);
  if (!c->slots) return luaL_error(L, "out of memory");

  lua_getfield(L, opts, "jobs");
  lua_Integer jobs = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 1;
  lua_getfield(L, opts, "quiet");
  int show = !lua_toboolean(L, -1) && isatty(2);
  lua_pop(L, 2);
  int has_reduce = lua_getglobal(L, "reduce") == LUA_TFUNCTION;
  int reduce = lua_gettop(L);
  collector k = { .table = reduce + 1, .error = reduce + 2 };
  lua_createtable(L, has_reduce ? (int)c->nfiles : 0, 0);
  lua_pushnil(L);
  run_workers(c, jobs < 1 ? 1 : jobs, show, L, has_reduce ? &k : NULL);
  if (c->fatal) return luaL_error(L, "%s", c->fatal);

  int failed_status = HOST_OK;
  if (has_reduce) {
    collect(L, c, &k); /* what the last wait left */
    if (!lua_isnil(L, k.error)) {
      lua_pushvalue(L, k.error);
      return lua_error(L);
    }
    lua_pushcfunction(L, host_traceback);
    lua_pushvalue(L, reduce);
    lua_pushvalue(L, k.table);
    lua_pushvalue(L, opts);
    if (lua_pcall(L, 2, 0, -4) != LUA_OK) { host_report(L); failed_status = HOST_FAILED; }
  }
  size_t failed = print_failures(c) + walk.count;
  if (failed) {
    fprintf(stderr, "gongwen: %zu of %zu input%s failed\n", failed, c->nfiles + walk.count,
            c->nfiles + walk.count == 1 ? "" : "s");
    failed_status = HOST_FAILED;
  }
  lua_pushinteger(L, failed_status);
  return 1;
}

static void free_corpus(corpus *c) {
  free(c->opts.data);
  for (size_t i = 0; c->slots && i < c->nfiles; i++) {
    free(c->slots[i].result.data);
    free(c->slots[i].error);
  }
  free(c->slots);
  if (c->files) gw_walk_free(c->files, c->nfiles);
  free(c->fatal);
  pthread_mutex_destroy(&c->lock);
  pthread_cond_destroy(&c->changed);
}

int host_corpus_run(lua_State *L, const host_script *s) {
  corpus c = { .script = s };
  atomic_init(&c.next, 0);
  atomic_init(&c.done, 0);
  atomic_init(&c.bytes, 0);
  atomic_init(&c.stop, 0);
  pthread_mutex_init(&c.lock, NULL);
  pthread_cond_init(&c.changed, NULL);
  lua_pushcfunction(L, corpus_main);
  lua_pushlightuserdata(L, &c);
  lua_pushlightuserdata(L, (void *)s);
  int status;
  if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
    host_report(L);
    status = HOST_FAILED;
  } else {
    status = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
  }
  free_corpus(&c);
  return status;
}
