-- The public API surface: what the module, its types and its Lua submodules
-- expose.  A change here is a change for every script: update the README too.
local T = require "check"
local gw = require "gongwen"

local keys = T.keys

local doc = assert(gw.parse("一、标题\n正文。\n"))
local section = doc:outline()
local regex = gw.regex("a")

T.test("module functions", function()
  T.eq(keys(gw), "citations classify_part corpus count dates find gmatch gsub match meta open "
    .. "outline_text parse quantities quotes regex regex_info split version")
end)

T.test("Doc", function()
  local mt = getmetatable(doc)
  T.eq(mt.__name, "gongwen.Doc")
  T.eq(keys(mt), "__close __gc __index __len __methods __name __tostring")
  T.eq(keys(mt.__methods), "bytes citations close dates diagnostics find_section line_span lines outline "
    .. "part position preamble quantities quotes section section_at sections sub text")
  for _, field in ipairs { "name", "encoding", "replaced", "input_bytes", "meta" } do
    T.ok(doc[field] ~= nil, "doc." .. field)
  end
end)

T.test("Section", function()
  local mt = getmetatable(section)
  T.eq(mt.__name, "gongwen.Section")
  T.eq(keys(mt.__methods), "body citations dates items quantities quotes text")
  for _, field in ipairs { "level", "path", "line", "start", "stop", "children", "numbered" } do
    T.ok(section[field] ~= nil, "section." .. field)
  end
  local first = section.children[1]
  for _, field in ipairs { "label", "number", "title", "parent", "part", "parts" } do
    T.ok(first[field] ~= nil, "section." .. field)
  end
end)

T.test("Regex", function()
  local mt = getmetatable(regex)
  T.eq(mt.__name, "gongwen.Regex")
  T.eq(keys(mt.__methods), "count exec find gmatch gsub match search split tfind")
  for _, field in ipairs { "pattern", "flags", "ncaptures", "jit", "names" } do
    T.ok(regex[field] ~= nil, "re." .. field)
  end
end)

T.test("Lua submodules", function()
  T.eq(keys(require "gongwen.report"), "cell encode_rows formats options render render_encoded "
    .. "render_sections short_paths truncate width write write_encoded write_sections")
  T.eq(keys(require "gongwen.cli"), "builtin parse usage")
end)

T.test("no globals set by require", function()
  T.eq(rawget(_G, "gw"), nil)
  T.eq(rawget(_G, "gongwen"), nil)
end)

T.done()
