/* walk.c — expands corpus arguments (files and directories) into one sorted
 * list of file paths.  Directories are walked recursively; hidden entries
 * (".name") are skipped; a directory reached twice (a symlink loop, or two
 * links to one place) is walked once, and a loop is reported.  Problems go
 * to the callback and the walk goes on. */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "gongwen.h"

typedef struct dir_id { dev_t dev; ino_t ino; } dir_id;

typedef struct walker {
  const char *const *globs;
  size_t nglobs;
  gw_walk_error_fn on_error;
  void *ud;
  char **list; size_t n, cap;     /* the result */
  dir_id *seen; size_t nseen, capseen; /* every directory walked */
  dir_id *stack; size_t depth, capstack; /* the directories being walked now */
  int nomem;
} walker;

static const char *const default_globs[] = {"*.txt", "*.txt.gz"};

static void report(walker *w, const char *path, const char *what, int e) {
  if (!w->on_error) return;
  char msg[512];
  if (e) {
    char buf[128];
    snprintf(msg, sizeof msg, "%s: %s: %s", path, what, strerror_r(e, buf, sizeof buf));
  } else {
    snprintf(msg, sizeof msg, "%s: %s", path, what);
  }
  w->on_error(w->ud, path, msg);
}

/* Appends x to a growable array; returns 0 or -1 (w->nomem set). */
static int grow(walker *w, void **arr, size_t *cap, size_t n, size_t size) {
  if (n < *cap) return 0;
  size_t ncap = *cap ? *cap * 2 : 64;
  void *p = realloc(*arr, ncap * size);
  if (!p) { w->nomem = 1; return -1; }
  *arr = p;
  *cap = ncap;
  return 0;
}

static void keep(walker *w, const char *path) {
  if (grow(w, (void **)&w->list, &w->cap, w->n, sizeof *w->list)) return;
  char *copy = strdup(path);
  if (!copy) { w->nomem = 1; return; }
  w->list[w->n++] = copy;
}

static int matches(const walker *w, const char *base) {
  const char *const *globs = w->nglobs ? w->globs : default_globs;
  size_t n = w->nglobs ? w->nglobs : sizeof default_globs / sizeof *default_globs;
  for (size_t i = 0; i < n; i++)
    if (fnmatch(globs[i], base, 0) == 0) return 1;
  return 0;
}

static int same(dir_id a, dir_id b) { return a.dev == b.dev && a.ino == b.ino; }

static int contains(const dir_id *ids, size_t n, dir_id id) {
  for (size_t i = 0; i < n; i++)
    if (same(ids[i], id)) return 1;
  return 0;
}

static void walk_dir(walker *w, const char *path, const struct stat *st);

/* One directory entry (name, and its d_type): a subdirectory is walked, a
 * regular file kept when it matches a glob; sockets, fifos and devices are
 * ignored. */
static void walk_entry(walker *w, const char *dir, const char *name, unsigned char type) {
  size_t dlen = strlen(dir), nlen = strlen(name);
  char *path = malloc(dlen + nlen + 2);
  if (!path) { w->nomem = 1; return; }
  memcpy(path, dir, dlen);
  if (dlen == 0 || dir[dlen - 1] != '/') path[dlen++] = '/';
  memcpy(path + dlen, name, nlen + 1);
  /* d_type spares a stat() per file in the common case. */
  if (type == DT_REG) {
    if (matches(w, name)) keep(w, path);
  } else if (type != DT_FIFO && type != DT_SOCK && type != DT_CHR && type != DT_BLK) {
    struct stat st;
    if (stat(path, &st) != 0) {
      /* A dangling link that looks like a report: let the loader say why. */
      if (matches(w, name)) keep(w, path);
    } else if (S_ISDIR(st.st_mode)) {
      walk_dir(w, path, &st);
    } else if (S_ISREG(st.st_mode) && matches(w, name)) {
      keep(w, path);
    }
  }
  free(path);
}

/* Entries are read first and walked in name order, so which of two links
 * to one directory is walked does not depend on the file system. */
typedef struct entry { char *name; unsigned char type; } entry;

static int by_name(const void *a, const void *b) {
  return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

/* Reads the entries of d (hidden ones skipped) into a sorted array. */
static entry *read_entries(walker *w, const char *path, DIR *d, size_t *count) {
  entry *list = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  errno = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') { errno = 0; continue; } /* hidden, "." and ".." */
    if (grow(w, (void **)&list, &cap, n, sizeof *list)) break;
    if (!(list[n].name = strdup(e->d_name))) { w->nomem = 1; break; }
    list[n++].type = e->d_type;
    errno = 0;
  }
  if (errno && !w->nomem) report(w, path, "cannot read directory", errno);
  if (n) qsort(list, n, sizeof *list, by_name);
  *count = n;
  return list;
}

static void walk_dir(walker *w, const char *path, const struct stat *st) {
  dir_id id = {st->st_dev, st->st_ino};
  if (contains(w->stack, w->depth, id)) {
    report(w, path, "symlink loop (directory already being walked)", 0);
    return;
  }
  if (contains(w->seen, w->nseen, id)) return; /* a second link to a walked directory */
  if (grow(w, (void **)&w->seen, &w->capseen, w->nseen, sizeof *w->seen) ||
      grow(w, (void **)&w->stack, &w->capstack, w->depth, sizeof *w->stack))
    return;
  DIR *d = opendir(path);
  if (!d) {
    report(w, path, "cannot open directory", errno);
    return;
  }
  w->seen[w->nseen++] = id;
  w->stack[w->depth++] = id;
  /* Closed before recursing, so deep trees do not run out of descriptors. */
  size_t n;
  entry *list = read_entries(w, path, d, &n);
  closedir(d);
  for (size_t i = 0; i < n; i++) {
    if (!w->nomem) walk_entry(w, path, list[i].name, list[i].type);
    free(list[i].name);
  }
  free(list);
  w->depth--;
}

static int by_path(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int gw_walk(const char *const *paths, size_t npaths, const char *const *globs, size_t nglobs,
            gw_walk_error_fn on_error, void *ud, char ***out, size_t *nout) {
  walker w;
  memset(&w, 0, sizeof w);
  w.globs = globs;
  w.nglobs = nglobs;
  w.on_error = on_error;
  w.ud = ud;
  for (size_t i = 0; i < npaths && !w.nomem; i++) {
    struct stat st;
    /* Named files, "-" and paths that do not exist are kept: the loader
     * reports them with the rest. */
    if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
      walk_dir(&w, paths[i], &st);
    else
      keep(&w, paths[i]);
  }
  free(w.seen);
  free(w.stack);
  if (w.nomem) {
    gw_walk_free(w.list, w.n);
    *out = NULL;
    *nout = 0;
    return GW_ENOMEM;
  }
  if (w.n) qsort(w.list, w.n, sizeof *w.list, by_path);
  /* The same file named twice is loaded once. */
  size_t k = 0;
  for (size_t i = 0; i < w.n; i++) {
    if (k > 0 && strcmp(w.list[k - 1], w.list[i]) == 0) free(w.list[i]);
    else w.list[k++] = w.list[i];
  }
  *out = w.list;
  *nout = k;
  return 0;
}

void gw_walk_free(char **list, size_t n) {
  if (!list) return;
  for (size_t i = 0; i < n; i++) free(list[i]);
  free(list);
}
