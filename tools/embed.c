/* embed NAME FILE... — writes a C file defining NAME, an array of
 * {name, bytes, length} for each FILE, ended by {0}.  The name is the file's
 * base name without extension (lua/gongwen/report.lua -> "gongwen.report"). */
#include <stdio.h>
#include <string.h>

static void print_name(const char *path) {
  const char *lua = strstr(path, "lua/gongwen/");
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t n = dot ? (size_t)(dot - base) : strlen(base);
  printf("  {\"%s%.*s\", ", lua ? "gongwen." : "", (int)n, base);
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: embed NAME FILE...\n"); return 2; }
  printf("#include <stddef.h>\n#include \"embedded.h\"\n");
  for (int i = 2; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) { perror(argv[i]); return 1; }
    printf("static const unsigned char f%d[] = {", i);
    int c; size_t n = 0;
    while ((c = getc(f)) != EOF) printf("%s%d,", (n++ % 24) ? "" : "\n", c);
    printf("0};\n");
    fclose(f);
  }
  printf("const gw_embedded %s[] = {\n", argv[1]);
  for (int i = 2; i < argc; i++) {
    print_name(argv[i]);
    printf("(const char *)f%d, sizeof f%d - 1},\n", i, i);
  }
  printf("  {NULL, NULL, 0}\n};\n");
  return 0;
}
