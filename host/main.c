/* main.c — the `gongwen` command: reads its own options, finds the script,
 * runs it in a Lua state with the module preloaded (global gw), and starts a
 * corpus run when the script defines map().  This file and state.c are also
 * the reference for embedding the core in another host. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <lauxlib.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gongwen.h"
#include "host.h"

static void usage(FILE *out) {
  fputs("usage: gongwen SCRIPT.lua [ARGS...]   run a Lua script with the module loaded as gw\n"
        "       gongwen NAME [ARGS...]         run the shipped script NAME (see --list)\n"
        "       gongwen -e CODE [ARGS...]      run CODE\n"
        "       gongwen -i                     interactive prompt\n"
        "       gongwen --list                 the shipped scripts\n"
        "       gongwen --help | --version\n"
        "A script that defines map(doc, opts) (and reduce(results, opts)) is run over\n"
        "the files given: `gongwen NAME --help` shows its options (-j N, --format...).\n"
        "Scripts are looked for in $GONGWEN_SCRIPTS, ../scripts beside this program,\n"
        "then " GW_SCRIPTDIR ".\n", out);
}

static void version(void) {
  char pcre[64] = "?";
  uint32_t jit = 0;
  pcre2_config(PCRE2_CONFIG_VERSION, pcre);
  pcre2_config(PCRE2_CONFIG_JIT, &jit);
  printf("gongwen %s\n%s\nPCRE2 %s (JIT %s)\nUTF-8 validator: %s\n", GW_VERSION, LUA_RELEASE,
         pcre, jit ? "available" : "not available", gw_utf8_impl());
}

/* A name without '/' and without ".lua" is a shipped script, unless only a
 * file of that name exists.  Returns a malloc'd path, or NULL. */
static char *resolve(const char *name, int *shipped) {
  size_t len = strlen(name);
  *shipped = 0;
  int looks_like_path = strchr(name, '/') || (len > 4 && strcmp(name + len - 4, ".lua") == 0) ||
                        strcmp(name, "-") == 0;
  if (!looks_like_path) {
    char *found = host_find_script(name);
    if (found) { *shipped = 1; return found; }
    FILE *f = fopen(name, "r");
    if (!f) return NULL;
    fclose(f);
  }
  return strdup(name);
}

/* Runs the script, then its corpus run if it defined map. */
static int run(host_script *s) {
  char why[512];
  lua_State *L = host_newstate(why, sizeof why);
  if (!L) { fprintf(stderr, "gongwen: %s\n", why); return HOST_FAILED; }
  int status = HOST_OK;
  if (host_runchunk(L, s) != LUA_OK) {
    host_report(L);
    status = HOST_FAILED;
  } else {
    int has_map = lua_getglobal(L, "map") == LUA_TFUNCTION;
    lua_pop(L, 1);
    if (has_map) status = host_corpus_run(L, s);
  }
  lua_close(L);
  return status;
}

static int run_named(const char *name, char **argv, int nargs, const char *progname) {
  int shipped;
  char *path = resolve(name, &shipped);
  if (!path) {
    fprintf(stderr, "gongwen: no script '%s' (gongwen --list shows the shipped ones)\n", name);
    return HOST_USAGE;
  }
  host_script s = { .path = path, .args = argv, .nargs = nargs, .progname = progname };
  s.source = host_readfile(path, &s.len);
  if (!s.source) {
    fprintf(stderr, "gongwen: cannot read %s: %s\n", path, strerror(errno));
    free(path);
    return HOST_USAGE;
  }
  char *chunkname = NULL, *title = NULL;
  int status = HOST_FAILED;
  if (asprintf(&chunkname, "@%s", path) >= 0) {
    if (asprintf(&title, "gongwen %s", shipped ? name : path) >= 0) {
      s.chunkname = chunkname;
      s.title = title;
      status = run(&s);
      free(title);
    }
    free(chunkname);
  }
  free(s.source);
  free(path);
  return status;
}

static int run_code(const char *code, char **argv, int nargs, const char *progname) {
  host_script s = { .path = "-e", .chunkname = "=(command line)", .args = argv, .nargs = nargs,
                    .progname = progname, .title = "gongwen -e CODE" };
  s.source = strdup(code);
  if (!s.source) return HOST_FAILED;
  s.len = strlen(code);
  int status = run(&s);
  free(s.source);
  return status;
}

static int interactive(void) {
  char why[512];
  lua_State *L = host_newstate(why, sizeof why);
  if (!L) { fprintf(stderr, "gongwen: %s\n", why); return HOST_FAILED; }
  int status = host_repl(L);
  lua_close(L);
  return status;
}

int main(int argc, char **argv) {
  const char *progname = argv[0] ? argv[0] : "gongwen";
  if (argc < 2) { usage(stderr); return HOST_USAGE; }
  const char *a = argv[1];
  if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); return HOST_OK; }
  if (strcmp(a, "--version") == 0 || strcmp(a, "-v") == 0) { version(); return HOST_OK; }
  if (strcmp(a, "--list") == 0 || strcmp(a, "-l") == 0) return host_list_scripts();
  if (strcmp(a, "-i") == 0 && argc == 2) return interactive();
  if (strcmp(a, "-e") == 0) {
    if (argc < 3) { fprintf(stderr, "gongwen: -e needs CODE\n"); usage(stderr); return HOST_USAGE; }
    return run_code(argv[2], argv + 3, argc - 3, progname);
  }
  if (a[0] == '-' && a[1] != '\0') {
    fprintf(stderr, "gongwen: unknown option %s\n", a);
    usage(stderr);
    return HOST_USAGE;
  }
  return run_named(a, argv + 2, argc - 2, progname);
}
