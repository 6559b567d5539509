/* read_floor LIST — the kernel's floor for a corpus run: open, fstat, read and
 * close every file named in LIST (one path per line) and nothing else.
 * Prints the number of bytes read.  Its MB/s bounds what any tool that reads
 * the files one by one on one core can reach (see BENCHMARKS.md). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: read_floor LIST\n");
    return 2;
  }
  FILE *list = fopen(argv[1], "r");
  if (!list) {
    perror(argv[1]);
    return 1;
  }
  static char buf[1 << 20];
  char path[4096];
  long long bytes = 0;
  while (fgets(path, sizeof path, list)) {
    path[strcspn(path, "\n")] = 0;
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
      perror(path);
      return 1;
    }
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) bytes += n;
    close(fd);
  }
  fclose(list);
  printf("%lld\n", bytes);
  return 0;
}
