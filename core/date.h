/* date.h — one date at a position (private to core/; used by dates and meta). */
#ifndef GONGWEN_DATE_H
#define GONGWEN_DATE_H
#include "gongwen.h"

/* Parses a date starting at p: 2025年1月17日, 2025年1月, 2024年, 2025-01-17,
 * 2025/1/17, 2025.01.17, 二〇二五年一月十七日.  begin: the start of the text
 * (to look at the character before p).  Returns the bytes consumed and fills
 * d (start/stop relative to begin), or 0 when no date starts at p. */
size_t gw_date_at(const char *begin, const char *p, const char *end, gw_date *d);

#endif
