/* embedded.h — files compiled into the library (core/data, lua/gongwen). */
#ifndef GONGWEN_EMBEDDED_H
#define GONGWEN_EMBEDDED_H
#include <stddef.h>

typedef struct gw_embedded {
  const char *name;  /* "units" for core/data/units.txt; "gongwen.report" for lua/gongwen/report.lua */
  const char *data;  /* NUL-terminated */
  size_t len;
} gw_embedded;

extern const gw_embedded gw_data[];     /* core/data/ *.txt */
extern const gw_embedded gwl_luamods[]; /* lua/gongwen/ *.lua */

/* The data file called name, or NULL. */
const gw_embedded *gw_data_file(const char *name);

#endif
