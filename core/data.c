/* data.c — lookup of the data files compiled into the library. */
#include <string.h>
#include "embedded.h"

const gw_embedded *gw_data_file(const char *name) {
  for (const gw_embedded *e = gw_data; e->name; e++)
    if (strcmp(e->name, name) == 0) return e;
  return NULL;
}
