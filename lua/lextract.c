/* lextract.c — (being written) */
#include "binding.h"

void gwl_open_extract(lua_State *L) { (void)L; }
