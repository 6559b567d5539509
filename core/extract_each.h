/* extract_each.h — the extractors as streams: each result goes to a
 * callback as soon as it is found, instead of into a gw_results array.  The
 * Lua binding builds its tables this way, while the text of each result is
 * still in cache and without an array of all results (tens of MB on a large
 * document).  The gw_results forms in gongwen.h are these with an appender. */
#ifndef GONGWEN_EXTRACT_EACH_H
#define GONGWEN_EXTRACT_EACH_H
#include "gongwen.h"

/* Called with each result in text order: a gw_quantity or a gw_citation,
 * valid during the call only.  A non-zero return stops the scan, which then
 * returns that value.  The scans hold no resources while they call fn, so
 * fn may also leave by longjmp (a Lua error). */
typedef int (*gw_each_fn)(void *ud, const void *result);

int gw_extract_quantities_each(const gw_lexicon *lx, const char *text, size_t len,
                               gw_each_fn fn, void *ud);
int gw_extract_citations_each(const gw_lexicon *lx, const char *text, size_t len,
                              gw_each_fn fn, void *ud);
/* “…” terms, as gw_citation with kind GW_CITE_OTHER and law_name "". */
int gw_extract_quotes_each(const char *text, size_t len, gw_each_fn fn, void *ud);

#endif
