/* lregex.c — (being written) */
#include "binding.h"

void gwl_open_regex(lua_State *L) { (void)L; }
