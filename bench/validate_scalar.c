/* validate_scalar.c — the "plain scalar validator" peer of the load benchmark:
 * one read() of the whole file into a buffer and a byte-at-a-time UTF-8
 * check (gongwen's own scalar kernel), as a whole process.  Prints the number
 * of valid bytes; exit 1 when the file is not valid UTF-8.
 * Usage: validate_scalar FILE */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "utf8_impl.h"

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: %s FILE\n", argv[0]); return 2; }
  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) { perror(argv[1]); return 1; }
  size_t len = (size_t)st.st_size, got = 0;
  char *buf = malloc(len ? len : 1);
  if (!buf) { perror("malloc"); return 1; }
  while (got < len) {
    ssize_t n = read(fd, buf + got, len - got);
    if (n <= 0) { perror(argv[1]); return 1; }
    got += (size_t)n;
  }
  close(fd);
  size_t valid = gw_utf8_validate_scalar(buf, len);
  printf("%zu\n", valid);
  free(buf);
  return valid == len ? 0 : 1;
}
