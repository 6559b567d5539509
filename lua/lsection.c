/* lsection.c — (being written) */
#include "binding.h"

void gwl_open_section(lua_State *L) { (void)L; }
