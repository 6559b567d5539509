/* scripts.c — where shipped scripts live and what they say about themselves.
 * Search order: $GONGWEN_SCRIPTS (directories separated by ':'), the
 * scripts/ directory beside the executable's own directory (build/gongwen ->
 * ./scripts in a checkout), then GW_SCRIPTDIR (where `make install` puts them). */
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "host.h"

#define MAX_DIRS 16

/* Fills dirs (malloc'd strings) in search order; returns how many. */
static int script_dirs(char *dirs[MAX_DIRS]) {
  int n = 0;
  const char *env = getenv("GONGWEN_SCRIPTS");
  while (env && *env && n < MAX_DIRS - 2) {
    size_t len = strcspn(env, ":");
    if (len > 0) dirs[n++] = strndup(env, len);
    env += len + (env[len] == ':');
  }
  char exe[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len > 0) {
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      size_t size = strlen(exe) + sizeof "/../scripts";
      char *d = malloc(size);
      if (d) {
        snprintf(d, size, "%s/../scripts", exe);
        char *real = realpath(d, NULL);  /* build/../scripts -> scripts, in messages */
        free(d);
        if (real) dirs[n++] = real;
      }
    }
  }
  dirs[n++] = strdup(GW_SCRIPTDIR);
  return n;
}

static void free_dirs(char *dirs[], int n) {
  for (int i = 0; i < n; i++) free(dirs[i]);
}

static int is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *host_find_script(const char *name) {
  char *dirs[MAX_DIRS];
  int n = script_dirs(dirs);
  char *found = NULL;
  for (int i = 0; i < n && !found; i++) {
    if (!dirs[i]) continue;
    size_t size = strlen(dirs[i]) + strlen(name) + sizeof "/.lua";
    char *p = malloc(size);
    if (!p) break;
    snprintf(p, size, "%s/%s.lua", dirs[i], name);
    if (is_file(p)) found = p;
    else free(p);
  }
  free_dirs(dirs, n);
  return found;
}

/* Copies the rest of the line at p (trimmed) into out. */
static void copy_line(const char *p, const char *end, char *out, size_t size) {
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  const char *e = p;
  while (e < end && *e != '\n' && *e != '\r') e++;
  while (e > p && (e[-1] == ' ' || e[-1] == '\t')) e--;
  size_t n = (size_t)(e - p) < size - 1 ? (size_t)(e - p) : size - 1;
  memcpy(out, p, n);
  out[n] = '\0';
}

/* `about = "text"` (or 'text') at the start of a line. */
static int about_assignment(const char *p, const char *end, char *out, size_t size) {
  if (end - p < 6 || strncmp(p, "about", 5) != 0) return 0;
  p += 5;
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  if (p == end || *p++ != '=') return 0;
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  if (p == end || (*p != '"' && *p != '\'')) return 0;
  char quote = *p++;
  const char *close = memchr(p, quote, (size_t)(end - p));
  if (!close) return 0;
  copy_line(p, close, out, size);
  return 1;
}

void host_describe(const char *source, size_t len, char *out, size_t size) {
  const char *end = source + len;
  out[0] = '\0';
  for (const char *p = source; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    if (eol - p > 3 && p[0] == '-' && p[1] == '-' && p[2] == ' ') {
      /* "-- NAME: description": NAME is one word */
      const char *q = p + 3;
      while (q < eol && (isalnum((unsigned char)*q) || *q == '_' || *q == '-' || *q == '.')) q++;
      if (q > p + 3 && q < eol && *q == ':') { copy_line(q + 1, eol, out, size); return; }
    }
    if (about_assignment(p, eol, out, size)) return;
    p = eol + 1;
  }
}

/* A module for require (its last line starts with "return"), not a script. */
static int is_module(const char *source, size_t len) {
  while (len > 0 && (source[len - 1] == '\n' || source[len - 1] == ' ' || source[len - 1] == '\t' ||
                     source[len - 1] == '\r')) len--;
  size_t start = len;
  while (start > 0 && source[start - 1] != '\n') start--;
  while (start < len && (source[start] == ' ' || source[start] == '\t')) start++;
  return len - start >= 6 && strncmp(source + start, "return", 6) == 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the NAME of each dir/NAME.lua not seen yet to names. */
static void collect(const char *dir, char ***names, size_t *n, size_t *cap) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 4, ".lua") != 0 || e->d_name[0] == '.') continue;
    char *name = strndup(e->d_name, len - 4);
    if (!name) break;
    int seen = 0;
    for (size_t i = 0; i < *n && !seen; i++) seen = strcmp((*names)[i], name) == 0;
    if (seen) { free(name); continue; }
    if (*n == *cap) {
      size_t ncap = *cap ? *cap * 2 : 16;
      char **more = realloc(*names, ncap * sizeof *more);
      if (!more) { free(name); break; }
      *names = more; *cap = ncap;
    }
    (*names)[(*n)++] = name;
  }
  closedir(d);
}

/* Modules kept beside the scripts (scripts/common.lua) are left out. */
int host_list_scripts(void) {
  char *dirs[MAX_DIRS];
  int ndirs = script_dirs(dirs);
  char **names = NULL;
  size_t n = 0, cap = 0;
  for (int i = 0; i < ndirs; i++)
    if (dirs[i]) collect(dirs[i], &names, &n, &cap);
  free_dirs(dirs, ndirs);
  qsort(names, n, sizeof *names, by_name);
  if (n == 0) printf("no shipped scripts found (set GONGWEN_SCRIPTS to their directory)\n");
  for (size_t i = 0; i < n; i++) {
    char *path = host_find_script(names[i]);
    size_t len = 0;
    char *src = path ? host_readfile(path, &len) : NULL;
    char about[256] = "";
    if (src) host_describe(src, len, about, sizeof about);
    if (!src || !is_module(src, len)) printf("  %-12s %s\n", names[i], about);
    free(src);
    free(path);
    free(names[i]);
  }
  free(names);
  return HOST_OK;
}
