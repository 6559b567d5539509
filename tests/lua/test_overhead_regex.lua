-- test_overhead_regex.lua — single searches reuse one match state per regex;
-- results, errors and nested use of the same regex must be as before.
local T = require "check"
local gw = require "gongwen"

local function pack(...) return { n = select("#", ...), ... } end

T.test("repeated finds on different subjects", function()
  local re = gw.regex("(\\d+)(件|次)")
  T.eq(pack(re:find("办理12件")), { n = 4, 7, 11, "12", "件" })
  T.eq(pack(re:find("共3次，5件")), { n = 4, 4, 7, "3", "次" })
  T.eq(pack(re:find("没有")), { n = 1, nil })
  T.eq(pack(re:find("共3次，5件", 8)), { n = 4, 11, 14, "5", "件" })
  T.eq(re:match("第7次"), "7")
  T.eq(re:count("1件2次3件"), 3)
  T.eq(re:search("一\n第7次").line, 2)
end)

T.test("invalid UTF-8 still raises after valid subjects", function()
  local re = gw.regex("b")
  T.eq(re:find("ab"), 2)
  local ok, err = pcall(re.find, re, "a\xFFb")
  T.eq(ok, false)
  T.eq(err, "invalid UTF-8 in regex subject at byte 2: UTF-8 error: illegal byte (0xfe or 0xff)")
  -- PCRE2 checks from the start position on: a bad byte before it is not seen.
  T.eq(re:find("\xFFab", 2), 3)
  T.raises(function() re:count("a\xFFb") end, "invalid UTF-8 in regex subject at byte 2")
  T.raises(function() re:find("中b", 2) end, "inside a UTF-8 character")
  T.eq(re:find("ab"), 2)
end)

T.test("limit errors give the match state back", function()
  local re = gw.regex("(a+)+$")
  local bad = string.rep("a", 100000) .. "b"
  for _ = 1, 2 do
    T.raises(function() re:find(bad) end, "match limit exceeded (match_limit = 10000000)")
    T.raises(function() re:count(bad) end, "match limit exceeded")
  end
  T.eq(pack(re:find("xaa")), { n = 3, 2, 3, "aa" })
  T.eq(re:count("aa"), 1)
end)

T.test("the same regex used inside its own gsub and gmatch", function()
  local re = gw.regex("\\d+")
  local inner = {}
  local out, matches = re:gsub("a1b22c333", function(d)
    inner[#inner + 1] = re:find("xx" .. d) .. ":" .. re:count(d .. " " .. d)
    return "<" .. d .. ">"
  end)
  T.eq(out, "a<1>b<22>c<333>")
  T.eq(matches, 3)
  T.eq(inner, { "3:2", "3:2", "3:2" })
  local seen = {}
  for d in re:gmatch("7 88 999") do seen[#seen + 1] = d .. "/" .. re:match("z" .. d .. "z") end
  T.eq(seen, { "7/7", "88/88", "999/999" })
end)

T.test("a finaliser searching with the regex during a search", function()
  local re = gw.regex("(\\d)")
  local got = {}
  for _ = 1, 200 do
    setmetatable({}, { __gc = function() got[#got + 1] = re:match("x5") end })
  end
  for i = 1, 2000 do
    local s, e, d = re:find("ab" .. (i % 10))
    assert(s == 3 and e == 3 and d == tostring(i % 10))
  end
  collectgarbage()
  T.ok(#got > 0)
  for _, v in ipairs(got) do assert(v == "5") end
end)

T.test("documents and module functions", function()
  local doc = assert(gw.parse("第一行\n今年办理12件"))
  T.eq(pack(gw.find(doc, "(\\d+)件")), { n = 3, 23, 27, "12" })
  T.eq(gw.count(doc, "件"), 1)
  doc:close()
  T.raises(function() gw.find(doc, "x") end, "document is closed")
  T.raises(function() gw.regex("a"):find({}) end, "string, document or section expected")
  T.raises(function() gw.regex("a").find("x", "a") end, "gongwen.Regex expected")
end)

T.test("the pattern cache keeps flags apart", function()
  T.ok(gw.regex("b") == gw.regex("b"))
  T.ok(gw.regex("b", "i") == gw.regex("b", "i"))
  T.ok(gw.regex("i/b") ~= gw.regex("b", "i"))
  T.eq(pack(gw.find("xi/b", "i/b")), { n = 2, 2, 4 })
  T.eq(pack(gw.find("xI/B", "b", 1, "i")), { n = 2, 4, 4 })
  T.eq(gw.find("xI/B", "i/b"), nil)
  T.eq(gw.count("２０２４年", "\\d"), 4)
  T.eq(gw.count("２０２４年", "\\d", "a"), 0)
  T.eq(gw.count("２０２４年", "\\d"), 4)
end)

T.test("fields and odd keys of a regex", function()
  local re = gw.regex("(?<n>\\d)", "i")
  T.eq(re.pattern, "(?<n>\\d)")
  T.eq(re.flags, "i")
  T.eq(re.ncaptures, 1)
  T.eq(re.names, { "n" })
  T.eq(re[1], nil)
  T.eq(re[{}], nil)
  T.eq(re.nothing, nil)
  T.ok(re.find == gw.regex("x").find)
  T.raises(function() return getmetatable(re).__index("x", "find") end, "gongwen.Regex expected")
end)

T.test("UTF-8 of string subjects is checked where PCRE2 looks", function()
  -- PCRE2 checks from the start position, less the pattern's longest
  -- lookbehind (\b counts as one): bad bytes before that are not seen.
  local bad = "invalid UTF-8 in regex subject at byte "
  local ff = ": UTF-8 error: illegal byte (0xfe or 0xff)"
  local function try(...) return pack(pcall(gw.find, ...)) end
  T.eq(try("a\xFFb", "(?<=.)b", 3), { n = 2, false, bad .. "2" .. ff })
  T.eq(try("a\xFFb", "b", 3), { n = 3, true, 3, 3 })
  T.eq(try("a\xFFb", "\\bb", 3), { n = 2, false, bad .. "2" .. ff })
  T.eq(try("\xFFab", "(?<=a)b", 3), { n = 3, true, 3, 3 })
  T.eq(try("\xFFaab", "(?<=aa)b", 4), { n = 3, true, 4, 4 })
  T.eq(try("\xFFaab", "(?<=aa)b", 3), { n = 2, false, bad .. "1" .. ff })
  T.eq(try("中\xFF中b", "(?<=中)b", 8), { n = 3, true, 8, 8 })
  T.eq(try("中\xFF中b", "(?<=中)b", 5), { n = 2, false, bad .. "4" .. ff })
end)

T.done()
