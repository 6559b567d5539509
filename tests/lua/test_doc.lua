-- test_doc.lua — gw.open, gw.parse, gw.corpus and the Doc object.
-- Expected numbers were computed with Python (tests/fixtures/load/make.sh).
local T = require "check"
local gw = require "gongwen"

local FIX = "tests/fixtures/load/"
local plain = T.read(FIX .. "plain.txt")

T.test("seed reports: character counts as Python's len()", function()
  local want = {
    ["000_e4f3eb5238560b4d.txt"] = 4445, ["001_621cb3420cf20d40.txt"] = 4028,
    ["002_6a3c11ae070e1455.txt"] = 3255, ["003_3dec04221fb15ce6.txt"] = 3128,
    ["004_7ce380657ba69b2b.txt"] = 2265,
  }
  for name, chars in pairs(want) do
    local path = T.shared .. "/corpus/" .. name
    local doc = assert(gw.open(path))
    T.eq(#doc, chars, name)
    T.eq(doc:bytes(), #T.read(path), name .. " bytes")
    T.eq(doc.name, path)
    T.eq(doc.path, path)
    T.eq(doc.encoding, "utf-8")
    T.eq(doc.replaced, 0)
  end
end)

T.test("normalisation, gzip and GB18030 give the plain text", function()
  for _, case in ipairs {
    { "bom_crlf.txt" }, { "cr.txt" }, { "plain.txt.gz" }, { "multi.txt.gz" },
    { "gb18030.txt", { encoding = "gb18030" }, "gb18030" },
    { "gb18030.txt", { encoding = "auto" }, "gb18030" },
    { "plain.txt", { encoding = "auto" }, "utf-8" },
  } do
    local doc = assert(gw.open(FIX .. case[1], case[2]))
    T.eq(doc:text(), plain, case[1])
    T.eq(#doc, 96, case[1])
    T.eq(doc.encoding, case[3] or "utf-8", case[1])
  end
  T.eq(gw.open(FIX .. "bom_crlf.txt").input_bytes, 223)
  T.eq(gw.parse("\xEF\xBB\xBFa\r\nb\rc"):text(), "a\nb\nc")
end)

T.test("bad input: nil, message, details", function()
  local doc, msg, d = gw.open(FIX .. "bad_byte.txt")
  T.eq(doc, nil)
  T.eq(msg, FIX .. "bad_byte.txt:3:5 (byte 29): invalid UTF-8 byte 0xFF (byte never used in UTF-8)")
  T.eq(d, { code = "invalid_utf8", offset = 29, line = 3, column = 5 })
  doc, msg, d = gw.open(FIX .. "bad_crlf.txt")
  T.eq(d, { code = "invalid_utf8", offset = 33, line = 3, column = 5 })
  doc, msg, d = gw.open(FIX .. "gb_bad.txt", { encoding = "gb18030" })
  T.eq(d, { code = "decode", offset = 12, line = 2, column = 3 })
  T.eq(msg, FIX .. "gb_bad.txt:2:3 (byte 12): invalid GB18030 byte 0xFF")
  for file, code in pairs {
    ["overlong.txt"] = "invalid_utf8", ["surrogate.txt"] = "invalid_utf8",
    ["above_max.txt"] = "invalid_utf8", ["truncated_end.txt"] = "invalid_utf8",
    ["nul.txt"] = "nul_byte", ["empty.txt"] = "empty", ["missing.txt"] = "not_found",
    ["truncated.txt.gz"] = "truncated", ["corrupt.txt.gz"] = "gzip",
  } do
    doc, msg, d = gw.open(FIX .. file)
    T.eq(doc, nil, file)
    T.eq(d.code, code, file)
    T.ok(msg:find(FIX .. file, 1, true) == 1, file .. " message names the file")
  end
  doc, msg, d = gw.open("tests/fixtures")
  T.eq(d.code, "is_directory")
  doc, msg, d = gw.open(FIX .. "bomb.txt.gz", { max_bytes = 1000000 })
  T.eq(d.code, "too_large")
  T.eq(msg, FIX .. "bomb.txt.gz: gzip data inflates to more than max_bytes (1000000 bytes)")
  -- assert() shows the message, as with io.open
  local ok, err = pcall(function() return assert(gw.open(FIX .. "nul.txt")) end)
  T.eq(ok, false)
  T.ok(err:find("nul.txt:2:3 (byte 17): NUL byte", 1, true), "assert shows the message")
end)

T.test("gw.parse: names, embedded NUL, replacement, large strings", function()
  local doc, msg, d = gw.parse("ab\0c")
  T.eq(msg, "<string>:1:3 (byte 3): NUL byte (binary data?)")
  T.eq(d, { code = "nul_byte", offset = 3, line = 1, column = 3 })
  doc, msg = gw.parse("好\n\xFF", { name = "mine" })
  T.eq(msg, "mine:2:1 (byte 5): invalid UTF-8 byte 0xFF (byte never used in UTF-8)")
  doc = assert(gw.parse(T.read(FIX .. "replace.txt"), { invalid = "replace" }))
  T.eq(doc.replaced, 12)
  T.eq(#doc, 18)
  T.eq(doc.path, nil)
  T.eq(doc.name, "<string>")
  local big = string.rep("汉字abc\n", 200000)
  doc = assert(gw.parse(big))
  T.eq(doc:bytes(), #big)
  T.eq(#doc, 6 * 200000)
  T.eq(doc:text(), big)
  doc, msg, d = gw.parse("")
  T.eq(d.code, "empty")
end)

T.test("wrong arguments raise", function()
  T.raises(function() gw.open() end, "bad argument #1")
  T.raises(function() gw.open({}) end, "bad argument #1")
  T.raises(function() gw.open("a.txt\0b") end, "NUL")
  T.raises(function() gw.parse(nil) end, "bad argument #1")
  T.raises(function() gw.parse("x", "utf-8") end, "bad argument #2")
  T.raises(function() gw.parse("x", { encoding = "latin1" }) end, "opts.encoding")
  T.raises(function() gw.parse("x", { invalid = "skip" }) end, "opts.invalid")
  T.raises(function() gw.parse("x", { max_bytes = -1 }) end, "opts.max_bytes")
  T.raises(function() gw.parse("x", { name = {} }) end, "opts.name")
  T.raises(function() gw.corpus(42) end, "bad argument #1")
  T.raises(function() gw.corpus(FIX, { on_error = 1 }) end, "opts.on_error")
  T.raises(function() gw.corpus({ FIX, 3 }) end, "paths[2]")
end)

T.test("doc methods: lines, sub, position, tostring", function()
  local doc = assert(gw.parse("一二\n\nabc\n末"))
  local lines = {}
  for line, n in doc:lines() do lines[#lines + 1] = n .. ":" .. line end
  T.eq(lines, { "1:一二", "2:", "3:abc", "4:末" })
  lines = {}
  for line in assert(gw.parse("x\ny\n")):lines() do lines[#lines + 1] = line end
  T.eq(lines, { "x", "y" })
  T.eq(doc:sub(1, 3), "一")
  T.eq(doc:sub(-3), "末")
  T.eq(doc:sub(4), doc:text():sub(4))
  T.eq(doc:sub(5, 2), "")
  T.eq(doc:sub(0, 100), doc:text())
  T.eq({ doc:position(1) }, { 1, 1 })
  T.eq({ doc:position(4) }, { 1, 2 })
  T.eq({ doc:position(9) }, { 3, 1 })
  T.eq({ doc:position(11) }, { 3, 3 })
  T.eq({ doc:position(-1) }, { 4, 2 }) -- the end
  T.raises(function() doc:position(100) end, "out of range")
  T.ok(tostring(doc):find("gongwen.Doc", 1, true), "tostring")
  -- the text found with string.find maps back to its line
  local s = doc:text():find("abc", 1, true)
  T.eq(doc:position(s), 3)
end)

T.test("close, <close> and the methods table", function()
  local doc = assert(gw.open(FIX .. "plain.txt"))
  doc:close()
  doc:close() -- idempotent
  T.raises(function() return doc:text() end, "document is closed")
  T.raises(function() return #doc end, "document is closed")
  T.eq(tostring(doc), "gongwen.Doc (closed)")
  do
    local d <close> = assert(gw.open(FIX .. "plain.txt"))
    doc = d
  end
  T.raises(function() return doc.name end, "document is closed")
  local mt = getmetatable(assert(gw.parse("x")))
  T.eq(type(mt.__methods), "table")
  T.eq(type(mt.__methods.text), "function")
end)

T.test("gw.corpus: recursive, sorted, failures reported and skipped", function()
  local seen, failed = {}, {}
  for doc, path in gw.corpus(FIX, { on_error = function(p, m) failed[#failed + 1] = p end }) do
    seen[#seen + 1] = path:sub(#FIX + 1) .. "=" .. #doc
  end
  T.eq(seen, { "bom_crlf.txt=96", "bomb.txt.gz=3000000", "cr.txt=96", "multi.txt.gz=96",
               "plain.txt=96", "plain.txt.gz=96" })
  T.eq(#failed, 13)
  T.eq(failed[1], FIX .. "above_max.txt")
  -- globs, several paths, load options, a missing file
  seen, failed = {}, {}
  local messages = {}
  for doc, path in gw.corpus({ FIX .. "gb18030.txt", FIX, FIX .. "none.txt" },
      { glob = { "p*.txt", "c*.txt" }, encoding = "auto",
        on_error = function(p, m) messages[#messages + 1] = m end }) do
    seen[#seen + 1] = path:sub(#FIX + 1) .. ":" .. doc.encoding
  end
  T.eq(seen, { "cr.txt:utf-8", "gb18030.txt:gb18030", "plain.txt:utf-8" })
  T.eq(messages, { FIX .. "none.txt: No such file or directory" })
  -- break closes the loop's state; nothing else happens
  local n = 0
  for doc in gw.corpus(FIX, { on_error = function() end }) do n = n + 1; break end
  T.eq(n, 1)
end)

T.test("gw.open(\"-\") reads standard input", function()
  local cmd = "lua5.4 -e 'local d = assert(require(\"gongwen\").open(\"-\")) " ..
    "io.write(#d, \" \", d.name, \" \", d.input_bytes)' < " .. FIX .. "bom_crlf.txt"
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  p:close()
  T.eq(out, "96 <stdin> 223")
end)

T.test("sections are subjects: offsets into doc:text()", function()
  local doc = assert(gw.open(T.shared .. "/corpus/001_621cb3420cf20d40.txt"))
  if not (doc.outline and gw.find) then return end -- other parts not built yet
  local text = doc:text()
  local n = 0
  for _, s in ipairs(doc:outline().children) do
    local i, j = gw.find(s, "[一二三四五六七八]、")
    if i then
      n = n + 1
      T.ok(i >= s.start and j <= s.stop, "match inside its section")
      T.eq(text:sub(i, j), doc:sub(i, j))
      T.eq(select(2, doc:position(i)), 1, "headings start lines")
    end
  end
  T.eq(n, 8)
  local first = doc:outline().children[1]
  doc:close()
  T.raises(function() gw.find(first, "x") end, "closed document")
end)

T.done()
