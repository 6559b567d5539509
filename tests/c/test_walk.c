/* test_walk.c — gw_walk over a temporary tree: recursion, order, globs,
 * explicit files, hidden entries, symlink loops, unreadable directories. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "gongwen.h"

static char root[64];

static void touch(const char *rel) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  FILE *f = fopen(path, "w");
  if (f) { fputs("x\n", f); fclose(f); }
}

static void dir(const char *rel) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  mkdir(path, 0755);
}

static void link_to(const char *target, const char *rel) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  if (symlink(target, path) != 0) perror(path);
}

typedef struct errors { int n; char last[512]; } errors;

static void on_error(void *ud, const char *path, const char *message) {
  errors *e = ud;
  e->n++;
  snprintf(e->last, sizeof e->last, "%s", message);
  (void)path;
}

/* Walks paths and compares the result with want (paths relative to root,
 * except those starting with '/' or '-'). */
static void check_walk(const char *const *paths, size_t n, const char *const *globs, size_t ng,
                       const char *const *want, size_t nwant, errors *errs) {
  char **list = NULL;
  size_t count = 0;
  CHECK_EQ_INT(gw_walk(paths, n, globs, ng, on_error, errs, &list, &count), 0);
  CHECK_EQ_INT(count, nwant);
  for (size_t i = 0; i < count && i < nwant; i++) {
    char expect[256];
    if (want[i][0] == '/' || want[i][0] == '-') snprintf(expect, sizeof expect, "%s", want[i]);
    else snprintf(expect, sizeof expect, "%s/%s", root, want[i]);
    CHECK_EQ_STR(list[i], expect);
  }
  gw_walk_free(list, count);
}

int main(void) {
  snprintf(root, sizeof root, "/tmp/gw-walk-XXXXXX");
  if (!mkdtemp(root)) { perror("mkdtemp"); return 1; }
  dir("sub");
  dir("sub/deeper");
  dir(".hidden");
  touch("b.txt");
  touch("a.txt.gz");
  touch("notes.md");
  touch("sub/c.txt");
  touch("sub/deeper/d.txt");
  touch("sub/e.md");
  touch(".hidden/f.txt");
  touch(".g.txt");
  link_to("..", "sub/loop");  /* back to root: a loop */
  link_to("sub", "zlink");    /* a second way to sub: walked once */
  link_to("missing.txt", "dangling.txt");

  const char *top[] = {root};
  const char *all[] = {"a.txt.gz", "b.txt", "dangling.txt", "sub/c.txt", "sub/deeper/d.txt"};
  errors errs = {0, ""};
  check_walk(top, 1, NULL, 0, all, 5, &errs);
  CHECK_EQ_INT(errs.n, 1);
  char want[512];
  snprintf(want, sizeof want, "%s/sub/loop: symlink loop (directory already being walked)", root);
  CHECK_EQ_STR(errs.last, want);

  /* Globs replace the defaults; explicit files are kept whatever their name,
   * a missing one too (the loader reports it), "-" as is; duplicates go. */
  char md[256], missing[256];
  snprintf(md, sizeof md, "%s/notes.md", root);
  snprintf(missing, sizeof missing, "%s/nope.txt", root);
  const char *mixed[] = {root, md, missing, "-", md};
  const char *globs[] = {"*.md"};
  const char *want_mixed[] = {"-", "nope.txt", "notes.md", "sub/e.md"};
  errs.n = 0;
  check_walk(mixed, 5, globs, 1, want_mixed, 4, &errs);
  CHECK_EQ_INT(errs.n, 1); /* the loop again */

  /* A directory that cannot be read is reported and the walk goes on. */
  if (geteuid() != 0) {
    char locked[256];
    snprintf(locked, sizeof locked, "%s/sub/deeper", root);
    chmod(locked, 0);
    const char *some[] = {"a.txt.gz", "b.txt", "dangling.txt", "sub/c.txt"};
    errs.n = 0;
    check_walk(top, 1, NULL, 0, some, 4, &errs);
    CHECK_EQ_INT(errs.n, 2);
    chmod(locked, 0755);
  }

  /* Nothing to walk: an empty list, not an error. */
  char **list = NULL;
  size_t count = 99;
  CHECK_EQ_INT(gw_walk(NULL, 0, NULL, 0, NULL, NULL, &list, &count), 0);
  CHECK(list == NULL);
  CHECK_EQ_INT(count, 0);
  gw_walk_free(list, count);

  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  if (system(cmd) != 0) printf("could not remove %s\n", root);
  return check_summary();
}
