-- The gongwen Lua module as a rock: `luarocks --lua-version 5.4 make` in a
-- checkout builds gongwen.so with the project's Makefile (so the embedded
-- data files and pure-Lua submodules are generated the same way) and
-- installs it.  The gongwen command and the scripts come with `make install`.
rockspec_format = "3.0"
package = "gongwen"
version = "0.1.0-1"

source = {
  -- Set to the published repository when there is one; `luarocks make`
  -- builds from the current directory and does not fetch this.
  url = "git+https://example.invalid/gongwen.git",
  tag = "v0.1.0",
}

description = {
  summary = "Structure and facts out of Chinese official reports (法治政府建设情况报告)",
  detailed = [[
A C11 core (UTF-8/GB18030 loading, PCRE2 JIT regexes, heading trees,
quantity and citation extraction) with a Lua 5.4 binding:
local gw = require "gongwen"; local doc = assert(gw.open("report.txt")).
]],
  license = "MIT",
}

dependencies = {
  "lua >= 5.4, < 5.5",
}

external_dependencies = {
  PCRE2 = { header = "pcre2.h", library = "pcre2-8" },
  ZLIB = { header = "zlib.h", library = "z" },
}

build = {
  type = "make",
  makefile = "Makefile",
  build_target = "build-rock/gongwen.so",
  build_variables = {
    BUILD = "build-rock",
    CFLAGS = "$(CFLAGS)",
    LUA_CFLAGS = "-I$(LUA_INCDIR)",
    PCRE_CFLAGS = "-I$(PCRE2_INCDIR) -I$(ZLIB_INCDIR)",
    PCRE_LIBS = "-L$(PCRE2_LIBDIR) -lpcre2-8 -L$(ZLIB_LIBDIR) -lz",
  },
  install_pass = false,
  install = {
    lib = { gongwen = "build-rock/gongwen.so" },
    -- Also embedded in gongwen.so (requirable once "gongwen" is loaded);
    -- installed as files so they can be required first.
    lua = {
      ["gongwen.cli"] = "lua/gongwen/cli.lua",
      ["gongwen.report"] = "lua/gongwen/report.lua",
    },
  },
}
