/* ldoc.c — (being written) */
#include "binding.h"

void gwl_open_doc(lua_State *L) { (void)L; }
