-- test_regex.lua — the Lua regex API (lrexlib rex_pcre2 names and order) on
-- string and document subjects.  Expected numbers come from Python's re.
local T = require "check"
local gw = require "gongwen"

-- Runs fn once with the text as a Lua string and once as a document, so
-- every assertion holds for both kinds of subject.
local function both(text, fn)
  fn(text, "string")
  fn(assert(gw.parse(text)), "doc")
end

T.test("regex_info names the engine", function()
  local info = gw.regex_info()
  T.ok(info.version:match("^10%.%d+"), "PCRE2 version " .. tostring(info.version))
  T.eq(info.unicode, true)
  T.eq(type(info.jit), "boolean")
  T.eq(type(info.validator), "string")
  T.eq(gw.regex("a").jit, info.jit, "patterns are JIT-compiled where JIT works")
end)

T.test("Regex fields and tostring", function()
  local re = gw.regex("(?<num>\\d+)(余)?(?<unit>件|次)", "mi")
  T.eq(re.pattern, "(?<num>\\d+)(余)?(?<unit>件|次)")
  T.eq(re.flags, "im", "flags in canonical order")
  T.eq(re.ncaptures, 3)
  T.eq(re.names, { [1] = "num", [3] = "unit" })
  T.eq(tostring(re), "gongwen.Regex(/(?<num>\\d+)(余)?(?<unit>件|次)/im)")
  T.eq(re.nonsense, nil)
end)

T.test("cache returns the same object per (pattern, flags)", function()
  T.ok(gw.regex("x+") == gw.regex("x+"))
  T.ok(gw.regex("x+", "im") == gw.regex("x+", "mi"))
  T.ok(gw.regex("x+", "i") ~= gw.regex("x+"))
  T.ok(gw.regex("x+", "", { match_limit = 5 }) ~= gw.regex("x+"), "own limits, own object")
  local re = gw.regex("y+")
  collectgarbage(); collectgarbage()
  T.ok(gw.regex("y+") == re)
end)

T.test("bad flags and bad limits raise", function()
  T.raises(function() gw.regex("a", "iq") end, "unknown regex flag 'q'")
  T.raises(function() gw.regex("a", "", { match_limit = 0 }) end, "match_limit")
  T.raises(function() gw.find("abc", gw.regex("b"), 1, "i") end, "flags given with a compiled regex")
  T.raises(function() gw.find("abc", 42) end, "string or gongwen.Regex")
  T.raises(function() gw.find({}, "a") end, "string, document or section")
end)

T.test("find: offsets, captures, false for unmatched groups", function()
  both("共调解纠纷１２件，开展30余次", function(s)
    local re = gw.regex("(\\d+)(余)?(件|次)")
    T.eq({ re:find(s) }, { 16, 24, "１２", false, "件" })
    T.eq({ re:find(s, 25) }, { 34, 41, "30", "余", "次" })
    T.eq({ re:find(s, -8) }, { 34, 41, "30", "余", "次" }, "negative init counts from the end")
    T.eq({ re:find(s, -1000) }, { 16, 24, "１２", false, "件" })
    T.eq(re:find(s, 42), nil, "init past the end")
    T.eq({ gw.find(s, "件") }, { 22, 24 }, "no captures: only the offsets")
    T.eq({ gw.find(s, "\\d+", 1, "a") }, { 34, 35 }, "the a flag: ASCII digits only")
    T.eq({ gw.find(s, "x*") }, { 1, 0 }, "empty match like string.find")
    T.raises(function() re:find(s, 17) end, "inside a UTF-8 character")
  end)
end)

T.test("match, tfind, exec, search", function()
  both("一\n二三45件", function(s)
    local re = gw.regex("(?<num>\\d+)(?<u>余)?")
    T.eq({ re:match(s) }, { "45", false })
    T.eq(gw.match(s, "\\d+"), "45", "whole match when there are no captures")
    T.eq(gw.match(s, "x"), nil)
    local a, b, t = re:tfind(s)
    T.eq({ a, b }, { 11, 12 })
    T.eq(t, { "45", false, num = "45", u = false })
    a, b, t = re:exec(s)
    T.eq({ a, b, t }, { 11, 12, { 11, 12, false, false } })
    T.eq(re:search(s), { start = 11, stop = 12, text = "45", line = 2, column = 3,
                         "45", false, num = "45", u = false })
    T.eq(re:search(s, 13), nil)
  end)
end)

T.test("Unicode classes: full-width digits, \\w, caseless Latin", function()
  both("１２3 中文 abc ÉCOLE école Ecole", function(s)
    -- Python: findall \d 3, with re.ASCII 1; \w+ 6, with re.ASCII 5
    T.eq(gw.count(s, "\\d"), 3)
    T.eq(gw.count(s, "\\d", "a"), 1)
    T.eq(gw.count(s, "\\w+"), 6)
    T.eq(gw.count(s, "\\w+", "a"), 5)
    T.eq(gw.count(s, "école", "i"), 2)
    T.eq(gw.count(s, "école"), 1)
    T.eq(gw.count(s, "[[:alpha:]]+"), 5)
  end)
end)

-- Python: len(re.findall(p, t)), re.subn(r'\d', '#', t)
T.test("\\d keeps Unicode meaning whether or not the text has non-ASCII digits", function()
  both("甲１２件乙3件，丙٣件", function(s)
    T.eq(gw.count(s, "\\d+件"), 3)
    T.eq(gw.count(s, "\\d+件"), 3, "again (cached scan for documents)")
    T.eq(gw.count(s, "\\d+件", "a"), 1)
    T.eq(gw.count(s, "\\D+"), 4)
    T.eq({ gw.gsub(s, "\\d", "#") }, { "甲##件乙#件，丙#件", 4, 4 })
    T.eq({ gw.find(s, "\\d+件") }, { 4, 12 })
  end)
  both("甲12件乙3件，丙", function(s)
    T.eq(gw.count(s, "\\d+件"), 2)
    T.eq(gw.count(s, "\\D+"), 3)
    local got = {}
    for d in gw.gmatch(s, "\\d+") do got[#got + 1] = d end
    T.eq(got, { "12", "3" })
    T.eq({ gw.find(s, "\\d+件") }, { 4, 8 })
  end)
  both("ÉCOLE 12 école ÉCOLE", function(s) -- caseless matching does not depend on UCP
    local got = {}
    for m in gw.gmatch(s, "école \\d+|école", "i") do got[#got + 1] = m end
    T.eq(got, { "ÉCOLE 12", "école", "ÉCOLE" })
  end)
end)

T.test("gmatch: captures or whole match, terminates on empty matches", function()
  both("1件2次3余件", function(s)
    local got = {}
    for n, y, u in gw.gmatch(s, "(\\d)(余)?(件|次)") do got[#got + 1] = { n, y, u } end
    T.eq(got, { { "1", false, "件" }, { "2", false, "次" }, { "3", "余", "件" } })
  end)
  both("中文字", function(s)
    local got = {}
    for m in gw.regex(""):gmatch(s) do got[#got + 1] = m end
    T.eq(#got, 4, "Python: len(re.findall('', '中文字')) == 4")
    got = {}
    for m in gw.gmatch(s, "文*") do got[#got + 1] = m end
    T.eq(got, { "", "文", "", "" }, "Python: re.findall('文*', '中文字')")
  end)
  local n = 0
  for _ in gw.gmatch("", "") do n = n + 1 end
  T.eq(n, 1, "gmatch on \"\"")
  n = 0
  for _ in gw.gmatch("", "x") do n = n + 1 end
  T.eq(n, 0)
end)

T.test("count", function()
  both("aa中aa", function(s)
    T.eq(gw.count(s, "a"), 4)
    T.eq(gw.regex("(?=a)|a"):count(s), 8, "Python: len(re.findall('(?=a)|a', 'aa中aa'))")
    T.eq(gw.count(s, "x*"), 6)
  end)
end)

T.test("gsub with a string, a table and a function", function()
  both("调解12件，开展30余次，其他", function(s)
    local re = gw.regex("(\\d+)(余)?(件|次)")
    T.eq({ re:gsub(s, "[%1|%3]") }, { "调解[12|件]，开展[30|次]，其他", 2, 2 })
    T.eq({ re:gsub(s, "<%0>%%", 1) }, { "调解<12件>%，开展30余次，其他", 1, 1 })
    T.eq({ re:gsub(s, "(%2)") }, { "调解()，开展(余)，其他", 2, 2 }, "unset group: empty")
    T.eq({ re:gsub(s, { ["30"] = "三十" }) }, { "调解12件，开展三十，其他", 2, 1 })
    T.eq({ gw.gsub(s, "\\d+", { ["12"] = 1 }) }, { "调解1件，开展30余次，其他", 2, 1 })
    local args = {}
    local out, nm, ns = re:gsub(s, function(n, y, u)
      args[#args + 1] = { n, y, u }
      if y then return "约" .. n .. u end
    end)
    T.eq({ out, nm, ns }, { "调解12件，开展约30次，其他", 2, 1 })
    T.eq(args, { { "12", false, "件" }, { "30", "余", "次" } })
    T.eq({ gw.gsub(s, "\\d+", function(d) return tonumber(d) * 2 end, 5, "a") },
         { "调解24件，开展60余次，其他", 2, 2 })
    T.eq({ gw.gsub(s, "", "-", 3) }, { "-调-解-12件，开展30余次，其他", 3, 3 })
    T.raises(function() re:gsub(s, "%4") end, "invalid capture index %4")
    T.raises(function() re:gsub(s, function() return {} end) end, "invalid replacement value (a table)")
    T.raises(function() re:gsub(s, true) end, "string, table or function")
  end)
  -- Python: re.subn('x*', '-', 'abxd') == ('-a-b--d-', 5)
  T.eq({ gw.gsub("abxd", "x*", "-") }, { "-a-b--d-", 5, 5 })
  T.eq({ gw.gsub("中文", "", "|") }, { "|中|文|", 3, 3 })
end)

T.test("a gsub callback may use the same pattern again", function()
  local re = gw.regex("\\d")
  local out = re:gsub("a1b2", function(d)
    return (re:gsub(d .. d, "<%0>")) .. re:count("123")
  end)
  T.eq(out, "a<1><1>3b<2><2>3")
end)

-- Under ASan these also prove that match state is freed on every path.
T.test("errors in callbacks and abandoned iterators leak nothing", function()
  local re = gw.regex("(\\d)")
  T.raises(function() re:gsub("a1b2", function() error("boom") end) end, "boom")
  T.raises(function() re:gsub("a1b2", setmetatable({}, { __index = function() error("bang") end })) end, "bang")
  local it0, _, _, state = re:gmatch("1 2 3")
  for d in it0, nil, nil, state do T.eq(d, "1"); break end
  T.eq(it0(), nil, "break closed the iterator's state")
  local it = gw.split("a,b,c", ",")
  it()
  T.raises(function() for d in re:gmatch("1 2") do error("stop " .. d) end end, "stop 1")
  it, re = nil, nil
  collectgarbage(); collectgarbage()
end)

T.test("split: text before each separator, its captures, then the tail", function()
  both("甲，乙；；丙", function(s)
    local got = {}
    for piece, sep in gw.split(s, "[，；]") do got[#got + 1] = { piece, sep } end
    T.eq(got, { { "甲", "，" }, { "乙", "；" }, { "", "；" }, { "丙" } })
    got = {}
    for piece, a, b in gw.regex("(，)|(；)"):split(s) do got[#got + 1] = { piece, a, b } end
    T.eq(got, { { "甲", "，", false }, { "乙", false, "；" }, { "", false, "；" }, { "丙" } })
  end)
  local got = {}
  for piece in gw.split("中文", "") do got[#got + 1] = piece end
  T.eq(got, { "", "中", "文", "" }, "Python: re.split('', '中文')")
  got = {}
  for piece in gw.split("", ",") do got[#got + 1] = piece end
  T.eq(got, { "" })
end)

T.test("limits: a runaway pattern errors fast, naming the limit", function()
  local s = string.rep("a", 100000) .. "b"
  local valgrind = (os.getenv("LD_PRELOAD") or ""):find("vgpreload", 1, true)
  local bound = valgrind and 30 or 0.5 -- valgrind runs code some 50 times slower
  for _, subject in ipairs { s, assert(gw.parse(s)) } do
    local t0 = os.clock()
    T.raises(function() gw.count(subject, "(a+)+$") end, "match limit exceeded")
    T.ok(os.clock() - t0 < bound, "limit hit in under " .. bound .. " s")
  end
  local twenty = string.rep("a", 20) .. "b"
  T.eq(gw.count(twenty, "(a+)+$"), 0, "about 2^20 steps: under the default")
  local re = gw.regex("(a+)+$", "", { match_limit = 1000 })
  T.raises(function() re:find(twenty) end, "match limit exceeded (match_limit = 1000)")
  local deep = gw.regex("(a|b)*c", "", { heap_limit = 1024 })
  T.raises(function() deep:count(string.rep("a", 100000) .. "c") end, "limit exceeded (heap_limit = 1024 KiB)")
  T.eq(gw.count(string.rep("a", 100000) .. "c", "(a|b)*c"), 1, "the defaults let it through")
end)

T.test("compile errors carry PCRE2's message and the character offset", function()
  T.raises(function() gw.regex("中\\k<nope>文") end, "reference to non-existent subpattern at character 5")
  T.raises(function() gw.count("x", "中文(") end, "missing closing parenthesis at end of pattern")
  T.raises(function() gw.regex("\\C") end, "bad regex")
end)

T.test("invalid UTF-8 in a string subject raises with its byte", function()
  T.raises(function() gw.count("ab\xffcd", "c") end, "invalid UTF-8 in regex subject at byte 3")
  T.raises(function() gw.find("中\xe6\x96", "x") end, "at byte 4")
end)

T.test("iterators keep their subject alive and see a closed document", function()
  local it = gw.gmatch(assert(gw.parse("1 2 3")), "\\d")
  collectgarbage(); collectgarbage()
  T.eq({ it(), it(), it(), it() }, { "1", "2", "3" })
  local doc = assert(gw.parse("1 2 3"))
  it = gw.gmatch(doc, "\\d")
  T.eq(it(), "1")
  if doc.close then
    doc:close()
    T.raises(function() it() end, "closed")
  end
end)

T.test("sections are subjects: offsets into doc:text(), no match outside", function()
  local text = "标题\n一、总体情况\n调解纠纷12件。\n二、存在问题\n开展培训3次，其中１次线上。\n"
  local doc = assert(gw.parse(text))
  local sec
  for s in doc:sections() do if s.title == "存在问题" then sec = s end end
  T.ok(sec, "section 存在问题")
  local a, b = text:find("3次", 1, true)
  T.eq({ gw.find(sec, "\\d+次") }, { a, b })
  T.eq(gw.find(sec, "\\d+件"), nil, "the match before the section is not seen")
  T.eq(gw.count(sec, "\\d"), 2)
  local m = gw.regex("(?<n>\\d)次"):search(sec)
  T.eq({ m.start, m.stop, m.text, m.line, m.n }, { a, b, "3次", 5, "3" })
  local got = {}
  for piece in gw.split(sec, "，") do got[#got + 1] = piece end
  T.eq(got, { "二、存在问题\n开展培训3次", "其中１次线上。" })
end)

-- Python: [len(re.findall(p, open(f, encoding="utf-8").read())) for p in PATTERNS]
T.test("counts over the shared reports equal Python's re", function()
  local patterns = {
    "(\\d+(?:\\.\\d+)?)(余)?(件|次|场|个|份|人次|学时|名|%)",
    "《[^》]{1,60}》",
    "(?m)^[一二三四五六七八九十]+、",
    "“[^”]+”",
  }
  local want = {
    ["000_e4f3eb5238560b4d.txt"] = { 22, 13, 4, 31 },
    ["001_621cb3420cf20d40.txt"] = { 2, 15, 8, 8 },
    ["002_6a3c11ae070e1455.txt"] = { 12, 7, 4, 8 },
    ["003_3dec04221fb15ce6.txt"] = { 14, 9, 4, 19 },
    ["004_7ce380657ba69b2b.txt"] = { 6, 8, 1, 7 },
  }
  for file, counts in pairs(want) do
    local path = T.shared .. "/corpus/" .. file
    local text = T.read(path)
    local doc = assert(gw.open(path))
    for i, p in ipairs(patterns) do
      T.eq(gw.count(doc, p), counts[i], file .. " pattern " .. i .. " (doc)")
      T.eq(gw.count(text, p), counts[i], file .. " pattern " .. i .. " (string)")
      local n = 0
      for _ in gw.gmatch(doc, p) do n = n + 1 end
      T.eq(n, counts[i], file .. " pattern " .. i .. " (gmatch)")
    end
  end
end)

T.done()
