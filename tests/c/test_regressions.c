/* test_regressions.c — replays inputs through the fuzz targets' checks
 * (tests/fuzz/checks.h) without libFuzzer:
 *   tests/fuzz/regressions/<target>-<name>  crash inputs the fuzzers found,
 *   tests/fuzz/seeds/<target>/...            the seeds,
 *   ../shared/corpus/NAME.txt                 the real reports (load, outline, extract).
 * Each input runs in a child process, so one that aborts or trips a
 * sanitizer fails its own check and the others still run. */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "../fuzz/checks.h"

typedef void (*check_fn)(const char *data, size_t size);

static const struct { const char *name; check_fn fn; } targets[] = {
  { "load", fz_check_load },
  { "outline", fz_check_outline },
  { "extract", fz_check_extract },
  { "regex", fz_check_regex },
};
#define NTARGETS (sizeof targets / sizeof *targets)

static char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, got;
  char *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  *size = n;
  return buf;
}

/* Runs fn on the file's bytes in a child; passes when the child exits 0. */
static void replay(const char *path, check_fn fn, const char *target) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    alarm(60); /* a hang is a failure too */
    size_t size;
    char *data = read_file(path, &size);
    if (!data) { perror(path); _exit(3); }
    char *exact = fz_dup(data, size); /* exact size: reads past the end show under ASan */
    free(data);
    fn(exact, size);
    free(exact);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  int ok = pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!ok)
    printf("FAIL %s through %s: %s %d\n", path, target, WIFSIGNALED(status) ? "signal" : "exit",
           WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
  CHECK(ok);
}

/* Calls back with each regular file of dir (sorted); returns how many. */
static int each_file(const char *dir, void (*fn)(const char *path, const char *base, void *ud), void *ud) {
  struct dirent **names;
  int n = scandir(dir, &names, NULL, alphasort), files = 0;
  for (int i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
    if (names[i]->d_name[0] != '.' && names[i]->d_type != DT_DIR) {
      fn(path, names[i]->d_name, ud);
      files++;
    }
    free(names[i]);
  }
  if (n >= 0) free(names);
  return files;
}

/* regressions/<target>-<name>: the prefix picks the target. */
static void replay_regression(const char *path, const char *base, void *ud) {
  (void)ud;
  if (strcmp(base, "README.md") == 0) return;
  for (size_t t = 0; t < NTARGETS; t++) {
    size_t n = strlen(targets[t].name);
    if (strncmp(base, targets[t].name, n) == 0 && base[n] == '-') {
      replay(path, targets[t].fn, targets[t].name);
      return;
    }
  }
  printf("FAIL %s: name does not start with a target (load-, outline-, extract-, regex-)\n", path);
  CHECK(0);
}

static void replay_seed(const char *path, const char *base, void *ud) {
  size_t t = *(size_t *)ud;
  (void)base;
  replay(path, targets[t].fn, targets[t].name);
}

/* A report goes through every target that takes text. */
static void replay_report(const char *path, const char *base, void *ud) {
  (void)ud;
  size_t n = strlen(base);
  if (n < 4 || strcmp(base + n - 4, ".txt") != 0) return;
  for (size_t t = 0; t < 3; t++) replay(path, targets[t].fn, targets[t].name);
}

int main(void) {
  each_file("tests/fuzz/regressions", replay_regression, NULL);
  for (size_t t = 0; t < NTARGETS; t++) {
    char dir[256];
    snprintf(dir, sizeof dir, "tests/fuzz/seeds/%s", targets[t].name);
    CHECK(each_file(dir, replay_seed, &t) > 0); /* every target has seeds */
  }
  const char *shared = getenv("GONGWEN_SHARED");
  char corpus[4096];
  snprintf(corpus, sizeof corpus, "%s/corpus", shared ? shared : "../shared");
  CHECK(each_file(corpus, replay_report, NULL) >= 5); /* the five shared reports at least */
  return check_summary();
}
