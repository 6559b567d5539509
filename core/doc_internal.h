/* doc_internal.h — the layout of gw_doc, shared by the core files that load a
 * document (load.c), index it (doc.c) and cache things on it (outline.c).
 * Not installed; the public API only sees the opaque gw_doc. */
#ifndef GONGWEN_DOC_INTERNAL_H
#define GONGWEN_DOC_INTERNAL_H
#include <stddef.h>
#include "gongwen.h"

#define GW_UNKNOWN ((size_t)-1) /* a cached count not computed yet */

struct gw_doc {
  char *buf;            /* the allocation holding text (freed with the doc) */
  size_t map_len;       /* > 0 when buf is a file mapping of that length */
  const char *text;     /* normalised UTF-8, NUL-terminated, inside buf */
  size_t len;           /* bytes of text */
  char *name;           /* for messages: opts.name, the path or "<string>"; */
  char *path;           /* NULL for documents from memory; both strings are
                         * in the gw_doc's own allocation, after it */
  const char *encoding; /* static "utf-8" or "gb18030" */
  size_t input_bytes;   /* original length (after gunzip, before normalising) */
  size_t replaced;      /* U+FFFD substitutions */

  /* Caches, filled on first use (a document is used by one thread at a time). */
  size_t nchars;        /* GW_UNKNOWN until counted */
  size_t *line_starts;  /* offset of each line's first byte (a bigarray); built by the
                         * loader for large texts, else NULL until asked for */
  size_t nlines;
  /* The outline is cached by core/outline.c; gw_doc_free calls outline_free
   * on it, so the loader needs no link-time dependency on the sectioner. */
  void *outline;
  void (*outline_free)(void *outline);
};

/* Builds doc->line_starts if needed; returns 0, or -1 when out of memory. */
int gw_doc_index_lines(gw_doc *doc);

#endif
