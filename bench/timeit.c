/* timeit.c — runs a command several times and prints its best times and
 * peak memory, for bench/run.sh: "WALL_NS CPU_NS MAXRSS_KB".  CPU time is
 * user + system of the child (wait4), which other work on the machine does
 * not inflate; wall time is what a user waits.  The command's standard
 * output of the last run goes to OUTFILE, its standard error to OUTFILE.err.
 * A run slower than 5 s is not repeated.  Exit status: the command's, when
 * it fails (3 means "not available yet" to run.sh).
 * Usage: timeit RUNS OUTFILE COMMAND [ARGS...] */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long tv_ns(struct timeval tv) {
  return (long long)tv.tv_sec * 1000000000LL + (long long)tv.tv_usec * 1000LL;
}

/* One run; returns the exit status (or 128+signal) and fills the measures. */
static int run_once(char **argv, const char *out, const char *err, long long *wall,
                    long long *cpu, long *rss_kb) {
  long long t0 = now_ns();
  pid_t pid = fork();
  if (pid < 0) { perror("fork"); exit(1); }
  if (pid == 0) {
    int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fo < 0 || fe < 0) { perror(out); _exit(1); }
    dup2(fo, 1);
    dup2(fe, 2);
    execvp(argv[0], argv);
    perror(argv[0]);
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) { perror("wait4"); exit(1); }
  *wall = now_ns() - t0;
  *cpu = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
  *rss_kb = ru.ru_maxrss;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: timeit RUNS OUTFILE COMMAND [ARGS...]\n"); return 2; }
  int runs = atoi(argv[1]);
  char err[4096];
  snprintf(err, sizeof err, "%s.err", argv[2]);
  long long best_wall = -1, best_cpu = -1;
  long max_rss = 0;
  for (int i = 0; i < (runs > 0 ? runs : 1); i++) {
    long long wall, cpu;
    long rss;
    int rc = run_once(argv + 3, argv[2], err, &wall, &cpu, &rss);
    if (rc != 0) return rc;
    if (best_wall < 0 || wall < best_wall) best_wall = wall;
    if (best_cpu < 0 || cpu < best_cpu) best_cpu = cpu;
    if (rss > max_rss) max_rss = rss;
    if (wall > 5000000000LL) break;
  }
  printf("%lld %lld %ld\n", best_wall, best_cpu, max_rss);
  return 0;
}
