-- test_badinput.lua — the bad-input suite of the hardening issue: hostile and
-- broken inputs through the Lua API and the `gongwen` host.  Each gives its
-- documented error or result, and a corpus run loses nothing else.
--
-- Big inputs are generated at test time in a temporary directory (removed at
-- the end).  Under valgrind (LD_PRELOAD holds vgpreload) the big inputs are
-- scaled down by 10 and time bounds are off; under ASan time and RSS bounds
-- are off (its quarantine holds freed memory).
--
-- Tests run as root in CI, where chmod 000 does not stop a read: "a file
-- that loses read permission" is covered by a file that disappears during the
-- run and by a dangling symlink, which fail the same way (the open fails).
local T = require "check"
local gw = require "gongwen"

local preload = os.getenv("LD_PRELOAD") or ""
local VALGRIND = preload:find("vgpreload", 1, true) ~= nil
local SANITIZED = preload ~= ""
local SCALE = VALGRIND and 10 or 1
local BUILD = os.getenv("GONGWEN_BUILD") or "build"
local HOST = BUILD .. "/gongwen"
local REPORT = T.shared .. "/corpus/000_e4f3eb5238560b4d.txt"

-- ------------------------------------------------------------ helpers

local tmp = os.tmpname()
os.remove(tmp)
assert(os.execute("mkdir -p '" .. tmp .. "'"))

local function path(name) return tmp .. "/" .. name end

local function write(name, data)
  local p = path(name)
  local f = assert(io.open(p, "wb"))
  assert(f:write(data))
  f:close()
  return p
end

local function sh(cmd) -- runs cmd; returns the exit code
  local ok, how, code = os.execute(cmd)
  if how == "exit" then return code end
  return ok and 0 or 128 + (code or 0)
end

-- gzip of data into name, by the real gzip (not the code under test)
local function gzip(name, data)
  local p = path(name)
  local f = assert(io.popen("gzip -c > '" .. p .. "'", "w"))
  f:write(data)
  assert(f:close())
  return p
end

local function mkdir(name)
  assert(os.execute("mkdir -p '" .. path(name) .. "'"))
  return path(name)
end

local function timed(fn)
  local t0 = os.clock()
  local r = table.pack(fn())
  return os.clock() - t0, table.unpack(r, 1, r.n)
end

-- Seconds allowed for a step in a normal build (no bound when sanitized).
local function within(seconds, limit, what)
  if not SANITIZED then
    T.ok(seconds < limit, string.format("%s took %.2f s (limit %d s)", what, seconds, limit))
  end
end

local function vm_hwm_kib()
  local f = io.open("/proc/self/status")
  if not f then return nil end
  local s = f:read("a"); f:close()
  return tonumber(s:match("VmHWM:%s*(%d+)"))
end

local function count_sections(doc)
  local n = 0
  for _ in doc:sections() do n = n + 1 end
  return n
end

-- Checks a tree from Lua: children inside their parent, siblings apart.
local function check_tree(section, len)
  local prev = section.start
  for _, child in ipairs(section.children) do
    T.ok(child.start >= prev and child.stop <= section.stop and child.start <= child.stop + 1,
      "child inside its parent, after its sibling")
    T.ok(child.level > section.level, "child level deeper than parent")
    T.ok(child.stop <= len, "section inside the text")
    prev = child.stop
    check_tree(child, len)
  end
end

-- ------------------------------------------------------------ huge and degenerate texts

T.test("200 MB without a newline loads and sections", function()
  local unit = "法治政府建设，" -- 21 bytes, 7 characters, no heading in it
  local reps = 10000000 // SCALE
  local chunk = string.rep(unit, 100000)
  local f = assert(io.open(path("huge.txt"), "wb"))
  for _ = 1, reps // 100000 do f:write(chunk) end
  f:close()
  chunk = nil
  collectgarbage()
  local secs, doc = timed(function() return assert(gw.open(path("huge.txt"))) end)
  within(secs, 10, "loading 200 MB")
  T.eq(doc:bytes(), 21 * reps, "bytes")
  T.eq(#doc, 7 * reps, "characters")
  T.eq({ doc:position(doc:bytes() - 2) }, { 1, 7 * reps }, "line and column of the last character")
  local secs2, root = timed(function() return doc:outline() end)
  within(secs2, 10, "sectioning 200 MB")
  T.eq(#root.children, 0, "no headings in it")
  T.eq(count_sections(doc), 0, "no sections")
  doc:close()
  os.remove(path("huge.txt"))
end)

T.test("50,000 （一） headings", function()
  local p = write("headings.txt", string.rep("（一）工作\n", 50000))
  local secs, doc = timed(function()
    local d = assert(gw.open(p))
    d:outline()
    return d
  end)
  within(secs, 5, "50,000 headings")
  local root = doc:outline()
  T.eq(#root.children, 50000, "level-2 headings under the root")
  T.eq(root.children[50000].line, 50000, "line of the last")
  T.eq(root.children[1].label, "（一）", "label")
  T.eq(root.children[1].title, "工作", "title")
  check_tree(root, doc:bytes())
  -- What scripts/outline.lua reads of every section: linear, not quadratic.
  local secs2 = timed(function()
    for s in doc:sections() do assert(s.path and s.line and s.title) end
  end)
  within(secs2, 3, "path, line and title of 50,000 sections")
  T.eq(root.children[50000].path, "50000", "path of the last")
  local diags = doc:diagnostics()
  T.ok(#diags >= 1 and #diags <= 50000, "repeated numbers are diagnosed, not errors")
  -- Bare labels with nothing after them: not headings, and no crash.
  local bare = assert(gw.parse(string.rep("（一）\n", 50000)))
  local nb = #bare:outline().children
  T.ok(nb == 0 or nb == 50000, "bare labels: all or nothing, got " .. nb)
end)

T.test("10,000 nested level changes", function()
  local down = "一、甲\n（一）乙\n1.丙\n（1）丁\n"
  local p = write("nested.txt", string.rep(down, 2500)) -- 4 level changes each
  local secs, doc = timed(function()
    local d = assert(gw.open(p))
    d:outline()
    return d
  end)
  within(secs, 5, "10,000 level changes")
  local root = doc:outline()
  T.eq(#root.children, 2500, "level-1 sections")
  local last = root.children[2500]
  T.eq(last.children[1].children[1].children[1].level, 4, "four levels deep")
  T.eq(count_sections(doc), 10000, "doc:sections() visits every section")
  check_tree(root, doc:bytes())
  T.ok(type(tostring(root)) == "string", "tree prints")
end)

T.test("a line of 1,000,000 一是", function()
  local n = 1000000 // SCALE
  local secs, doc = timed(function()
    local d = assert(gw.parse(string.rep("一是", n)))
    d:outline()
    return d
  end)
  within(secs, 10, "a million 一是")
  T.eq(#doc, 2 * n, "characters")
  T.eq(gw.count(doc, "一是"), n, "regex count")
  T.eq(#gw.quantities(doc), 0, "list markers are not quantities")
  for _, s in ipairs(doc:outline().children) do T.ok(s.stop <= doc:bytes(), "inside") end
end)

T.test("numbers too long for a double or an integer", function()
  for _, digits in ipairs({ 23, 400 }) do
    local text = "培训" .. ("9"):rep(digits) .. "次"
    for _, q in ipairs(gw.quantities(text)) do
      T.ok(q.value == q.value and q.value ~= math.huge, digits .. " digits: value " .. tostring(q.value))
      T.eq(text:sub(q.start, q.stop), q.text, "text at its offsets")
    end
  end
end)

-- Random texts made of the reports' tokens: every extractor result and every
-- section lies inside its subject, and its text is the subject's bytes there
-- (the binding's 1-based offsets), for strings, documents and sections alike.
T.test("extractor and section offsets on random texts", function()
  local tokens = { "一、", "（一）", "1.", "（1）", "一是", "二是", "《", "》", "“", "”", "〔", "〕",
    "2024", "年", "1", "月", "17", "日", "余", "超", "件", "次", "场", "个", "学时", "%", "两", "十",
    "开展", "培训", "矛盾纠纷", "调解", "法", "条例", "，", "。", "：", "\n", "\n", " ", "号", "委文",
    "中华人民共和国", "宪法", "报告", "[image: ]", "x", "9", "2025年1月17日", "2024年12月" }
  local seed = 12345
  local function rand(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n + 1 end
  local function check_results(list, subject_text, base, what)
    for _, r in ipairs(list) do
      T.ok(r.start >= base + 1 and r.stop <= base + #subject_text and r.start <= r.stop + 1,
        what .. " inside its subject")
      local at = subject_text:sub(r.start - base, r.stop - base)
      if r.text and what ~= "quote" then T.eq(r.text, at, what .. " text at its offsets") end
      if what == "citation" then T.eq(at, "《" .. r.title .. "》", "citation with its brackets") end
      if what == "quote" then T.eq(at, "“" .. r.text .. "”", "quote with its marks") end
    end
  end
  for _ = 1, 200 do
    local parts = {}
    for k = 1, 60 do parts[k] = tokens[rand(#tokens)] end
    local text = table.concat(parts)
    local doc = assert(gw.parse(text))
    for _, f in ipairs({ "quantities", "citations", "quotes", "dates" }) do
      local what = ({ quantities = "quantity", citations = "citation", quotes = "quote", dates = "date" })[f]
      local from_string, from_doc = gw[f](text), gw[f](doc)
      check_results(from_string, text, 0, what)
      T.eq(#from_doc, #from_string, f .. ": same results for the string and the document")
      check_results(from_doc, text, 0, what)
      for s in doc:sections() do
        T.ok(s.start >= 1 and s.stop <= #text, "section inside the text")
        check_results(gw[f](s), text:sub(1, s.stop), 0, what)
        for _, r in ipairs(gw[f](s)) do T.ok(r.start >= s.start, what .. " of a section after its start") end
      end
    end
    local m = doc.meta
    T.ok(type(m) == "table", "meta")
  end
end)

-- ------------------------------------------------------------ broken bytes

-- "第一行\n第二行中" with the last byte of 中 cut: 中 starts at byte 20.
local TRUNCATED = ("第一行\n第二行中"):sub(1, -2)

T.test("truncated multi-byte sequence at the end of a file", function()
  local doc, msg, d = gw.open(write("trunc.txt", TRUNCATED))
  T.eq(doc, nil, "no document")
  T.ok(msg:find("trunc.txt:2:4 (byte 20)", 1, true), "message names file, line, column, byte: " .. msg)
  T.eq(d.code, "invalid_utf8", "code")
  T.eq({ d.offset, d.line, d.column }, { 20, 2, 4 }, "position")
  local r = assert(gw.open(path("trunc.txt"), { invalid = "replace" }))
  T.eq(r.replaced, 1, "one replacement")
  T.eq(r:text(), "第一行\n第二行\u{FFFD}", "replaced text")
end)

T.test("truncated multi-byte sequence at the end of a .gz", function()
  local p = gzip("trunc.txt.gz", TRUNCATED)
  local doc, msg, d = gw.open(p)
  T.eq(doc, nil, "no document")
  T.eq(d.code, "invalid_utf8", "code: " .. msg)
  T.eq({ d.offset, d.line, d.column }, { 20, 2, 4 }, "position in the inflated text")
  -- The .gz itself cut inside its deflate block.
  local gz = T.read(p)
  local cut = write("cut.txt.gz", gz:sub(1, #gz - 10))
  local doc2, msg2, d2 = gw.open(cut)
  T.eq(doc2, nil, "cut .gz gives no document")
  T.eq(d2.code, "truncated", "code: " .. msg2)
  T.ok(msg2:find("cut.txt.gz", 1, true), "message names the file: " .. msg2)
end)

T.test(".gz bomb stops at max_bytes", function()
  local p = gzip("bomb.txt.gz", string.rep("\0", (16 << 20) // SCALE))
  T.ok(#T.read(p) < 100000, "the bomb is small")
  local doc, msg, d = gw.open(p, { max_bytes = 1 << 20 })
  T.eq(doc, nil, "no document")
  T.eq(d.code, "too_large", "code: " .. msg)
  T.ok(msg:find("max_bytes", 1, true) and msg:find("bomb.txt.gz", 1, true),
    "message names the file and the limit: " .. msg)
  -- The same limit through gw.corpus: reported, the next file still read.
  local dir = mkdir("bombdir")
  os.rename(p, dir .. "/a.txt.gz")
  write("bombdir/b.txt", "正文\n")
  local seen, errors = {}, {}
  for doc3, p3 in gw.corpus(dir, { max_bytes = 1 << 20, on_error = function(ep, m) errors[#errors + 1] = { ep, m } end }) do
    seen[#seen + 1] = p3:match("[^/]+$")
    doc3:close()
  end
  T.eq(seen, { "b.txt" }, "the good file")
  T.eq(#errors, 1, "one error")
  T.ok(errors[1][1]:find("a.txt.gz", 1, true) and errors[1][2]:find("max_bytes", 1, true), "bomb reported")
end)

T.test("GB18030 declared as UTF-8", function()
  -- "ab\nxy中文高家镇" in GB18030: ASCII stays, 中 is D6 D0, so byte 6 is the first bad one.
  local bytes = "ab\nxy\xD6\xD0\xCE\xC4\xB8\xDF\xBC\xD2\xD5\xF2"
  local p = write("gb.txt", bytes)
  local doc, msg, d = gw.open(p, { encoding = "utf-8" })
  T.eq(doc, nil, "no document")
  T.eq(d.code, "invalid_utf8", "code")
  T.eq({ d.offset, d.line, d.column }, { 6, 2, 3 }, "position")
  T.ok(msg:find("gb.txt:2:3 (byte 6)", 1, true), "message: " .. msg)
  local auto = assert(gw.open(p, { encoding = "auto" }))
  T.eq(auto.encoding, "gb18030", "auto finds GB18030")
  T.eq(auto:text(), "ab\nxy中文高家镇", "decoded")
  -- UTF-8 text with GB18030 inside: auto decodes all of it as GB18030 or fails, never half.
  local mixed = gw.parse("中文" .. bytes, { encoding = "auto" })
  T.ok(mixed == nil or mixed.encoding == "gb18030", "mixed input: one encoding")
end)

-- ------------------------------------------------------------ corpus runs

-- A folder with good reports and every kind of bad file.  Returns the dir.
local PNG = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\8\6\0\0\0\x1f\x15\xc4\x89\0\0\0\0IEND\xaeB`\x82"
local function mixed_corpus(name)
  local dir = mkdir(name)
  local report = T.read(REPORT)
  write(name .. "/a_good.txt", report)
  gzip(name .. "/b_good.txt.gz", report)
  write(name .. "/c_png.txt", PNG)
  write(name .. "/picture.png", PNG)
  assert(sh("cp /bin/true '" .. dir .. "/d_elf.txt' && cp /bin/true '" .. dir .. "/true'") == 0)
  write(name .. "/e_trunc.txt", TRUNCATED)
  local gz = T.read(gzip(name .. "/f_cut.txt.gz", report))
  write(name .. "/f_cut.txt.gz", gz:sub(1, #gz // 2))
  assert(sh("ln -s '" .. dir .. "/nowhere.txt' '" .. dir .. "/g_dangling.txt'") == 0)
  assert(sh("ln -s . '" .. dir .. "/h_loop'") == 0) -- the folder itself
  mkdir(name .. "/sub")
  assert(sh("ln -s .. '" .. dir .. "/sub/i_loop'") == 0) -- back up from below
  write(name .. "/sub/j_good.txt", "一、总体情况\n正文。\n")
  return dir
end

local BAD = { "c_png.txt", "d_elf.txt", "e_trunc.txt", "f_cut.txt.gz", "g_dangling.txt" }

T.test("gw.corpus: binary, truncated, dangling, loops reported; the rest read", function()
  local dir = mixed_corpus("mixed")
  local seen, errors = {}, {}
  for doc, p in gw.corpus(dir, { on_error = function(ep, m) errors[#errors + 1] = ep .. " | " .. m end }) do
    seen[#seen + 1] = p:sub(#dir + 2)
    T.ok(doc:bytes() > 0, "loaded")
  end
  T.eq(seen, { "a_good.txt", "b_good.txt.gz", "sub/j_good.txt" }, "good files in path order")
  local all = table.concat(errors, "\n")
  for _, bad in ipairs(BAD) do T.ok(all:find(bad, 1, true), bad .. " reported in:\n" .. all) end
  T.ok(all:find("loop", 1, true), "the symlink loop is reported:\n" .. all)
  T.ok(all:find("NUL", 1, true), "binary data named as such:\n" .. all)
  -- opts.glob = "*" takes the .png and the ELF named as such too.
  local n, nerr = 0, 0
  for doc in gw.corpus(dir, { glob = "*", on_error = function() nerr = nerr + 1 end }) do
    n = n + 1
    doc:close()
  end
  T.eq(n, 3, "still three good documents")
  T.ok(nerr >= #BAD + 2, "png and ELF reported as well (" .. nerr .. " errors)")
end)

T.test("gw.corpus: a file that disappears during the run", function()
  local dir = mkdir("vanish")
  for _, n in ipairs({ "a", "b", "c" }) do write("vanish/" .. n .. ".txt", n .. "正文\n") end
  local seen, errors = {}, {}
  for doc, p in gw.corpus(dir, { on_error = function(ep, m) errors[#errors + 1] = { ep, m } end }) do
    seen[#seen + 1] = doc:text()
    if p:find("a.txt", 1, true) then os.remove(dir .. "/b.txt") end
  end
  T.eq(seen, { "a正文\n", "c正文\n" }, "a and c read")
  T.eq(#errors, 1, "b reported")
  T.ok(errors[1][1]:find("b.txt", 1, true) and errors[1][2]:find("b.txt", 1, true), "names b.txt")
end)

T.test("gw.corpus: an unreadable file (only where permissions bind: not root)", function()
  local id = io.popen("id -u"):read("l")
  if id == "0" then return end -- root reads anything; the dangling link above covers it
  local dir = mkdir("locked")
  write("locked/a.txt", "甲\n")
  write("locked/b.txt", "乙\n")
  assert(sh("chmod 000 '" .. dir .. "/a.txt'") == 0)
  local seen, errors = {}, {}
  for doc in gw.corpus(dir, { on_error = function(ep, m) errors[#errors + 1] = m end }) do
    seen[#seen + 1] = doc:text()
  end
  sh("chmod 644 '" .. dir .. "/a.txt'")
  T.eq(seen, { "乙\n" }, "b read")
  T.ok(#errors == 1 and errors[1]:find("a.txt", 1, true), "a reported")
end)

-- The host: a tiny map/reduce script over the mixed folder plus a document
-- whose map raises.
local MAP_SCRIPT = [[
function map(doc)
  local name = (doc.path or doc.name):match("[^/]+$")
  if name:find("map_fails") then error("boom in map") end
  return { name = name, bytes = doc:bytes() }
end
function reduce(results)
  for _, r in ipairs(results) do print(r.name, r.bytes) end
end
]]

local function run_host(args)
  local out, err = path("host.out"), path("host.err")
  local code = sh(string.format("'%s' %s > '%s' 2> '%s'", HOST, args, out, err))
  return code, T.read(out), T.read(err)
end

T.test("host: bad files and a failing map are reported, the rest mapped", function()
  T.ok(io.open(HOST) ~= nil, "host binary " .. HOST .. " exists")
  local dir = mixed_corpus("hostdir")
  write("hostdir/k_map_fails.txt", "一、标题\n")
  local script = write("map.lua", MAP_SCRIPT)
  local report_bytes = #T.read(REPORT)
  local outs = {}
  for _, j in ipairs({ 1, 2 }) do
    local code, out, err = run_host(string.format("'%s' -j %d --quiet '%s'", script, j, dir))
    T.eq(code, 1, "exit status after failures")
    T.eq(out, string.format("a_good.txt\t%d\nb_good.txt.gz\t%d\nj_good.txt\t%d\n",
      report_bytes, report_bytes, #"一、总体情况\n正文。\n"), "the good documents, in path order")
    for _, bad in ipairs(BAD) do T.ok(err:find(bad, 1, true), bad .. " reported:\n" .. err) end
    T.ok(err:find("k_map_fails.txt", 1, true) and err:find("boom in map", 1, true),
      "map error with the file name:\n" .. err)
    T.ok(err:find("loop", 1, true), "loop reported:\n" .. err)
    outs[j] = out
  end
  T.eq(outs[1], outs[2], "-j 1 and -j 2 agree")
end)

T.test("host: binaries taken by --glob '*'", function()
  local dir = path("hostdir")
  local code, out, err = run_host(string.format("'%s' --quiet --glob '*' '%s'", path("map.lua"), dir))
  T.eq(code, 1, "exit status")
  T.ok(out:find("a_good.txt", 1, true), "good file mapped")
  T.ok(err:find("picture.png", 1, true) and err:find("/true", 1, true), "png and ELF reported:\n" .. err)
end)

-- ------------------------------------------------------------ memory

T.test("<close> frees the document at the end of the block", function()
  local p = write("small.txt", "一、标题\n正文。\n")
  local kept
  do
    local doc <close> = assert(gw.open(p))
    kept = doc
    T.eq(doc:bytes(), #"一、标题\n正文。\n", "open inside the block")
  end
  T.raises(function() return kept:text() end, "closed", "use after close")
  T.eq(tostring(kept), "gongwen.Doc (closed)", "tostring of a closed doc")
  kept:close() -- idempotent
end)

T.test("20,000 documents: memory stays flat", function()
  local text = T.read(REPORT) -- about 13 KB: 20,000 leaked would be 260 MB
  local p = write("report.txt", text)
  local function round(n)
    for i = 1, n do
      if i % 2 == 0 then
        local doc <close> = assert(gw.open(p))
        assert(doc:bytes() > 0)
      else
        local doc = assert(gw.parse(text))   -- left to the collector
        assert(#doc > 0)
      end
    end
  end
  local n = 20000 // SCALE
  round(1000 // SCALE) -- warm up
  collectgarbage()
  local kb0, hwm0 = collectgarbage("count"), vm_hwm_kib()
  round(n)
  collectgarbage()
  local kb1, hwm1 = collectgarbage("count"), vm_hwm_kib()
  T.ok(kb1 - kb0 < 1024, string.format("Lua heap grew %.0f KiB", kb1 - kb0))
  if hwm0 and not SANITIZED then
    T.ok(hwm1 - hwm0 < 64 * 1024, string.format("peak RSS grew %d KiB over %d documents", hwm1 - hwm0, n))
  end
end)

assert(os.execute("rm -rf '" .. tmp .. "'"))
T.done()
