-- test_overhead_load.lua — the cheaper open path: special files still read
-- right, and documents dropped without closing are still collected as a
-- loop goes (their text is counted for the GC once 4 MiB are held open).
local T = require "check"
local gw = require "gongwen"

local function rss_kib()
  for line in io.lines("/proc/self/status") do
    local k = line:match("^VmRSS:%s+(%d+)")
    if k then return tonumber(k) end
  end
end

local function temp_file(content)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(content)
  f:close()
  return path
end

T.test("special files", function()
  local doc, msg, details = gw.open("/dev/null")
  T.eq(doc, nil)
  T.eq(msg, "/dev/null: empty file")
  T.eq(details.code, "empty")
  -- /proc files say size 0 but have content: read to the end.
  local status = assert(gw.open("/proc/self/status"))
  T.ok(status:text():find("^Name:") ~= nil)
  T.ok(status:bytes() > 100)
  status:close()
  T.eq(select(2, gw.open("/")), "/: is a directory")
end)

T.test("exact sizes and names", function()
  for _, n in ipairs({ 1, 4095, 4096, 65536, 300001 }) do
    local text = string.rep("x", n - 1) .. "\n"
    local path = temp_file(text)
    local doc = assert(gw.open(path))
    T.eq(doc:bytes(), n)
    T.eq(doc:text() == text, true)
    T.eq(doc.path, path)
    T.eq(doc.name, path)
    doc:close()
    local named = assert(gw.open(path, { name = "other" }))
    T.eq(named.name, "other")
    T.eq(named.path, path)
    os.remove(path)
  end
  local parsed = assert(gw.parse("abc", {}))
  T.eq(parsed.name, "<string>")
  T.eq(parsed.path, nil)
end)

T.test("unclosed documents are collected as a loop goes", function()
  local line = "法治政府建设情况报告\n"
  local path = temp_file(string.rep(line, 100000 // #line)) -- about 100 KB
  collectgarbage()
  -- Docs still alive (not yet collected), seen through a weak table: with
  -- their text counted for the GC a few hundred at most; without, the GC
  -- would only see ~200 bytes per Doc and let well over a thousand pile up.
  local alive = setmetatable({}, { __mode = "k" })
  local peak, rss_before, rss_peak = 0, rss_kib(), 0
  for _ = 1, 3000 do -- 300 MB if nothing were freed
    alive[assert(gw.open(path))] = true
    local n = 0
    for _ in pairs(alive) do n = n + 1 end
    if n > peak then peak = n end
    rss_peak = math.max(rss_peak, rss_kib() - rss_before)
  end
  os.remove(path)
  T.ok(peak < 1000, "peak of uncollected documents " .. peak)
  if not os.getenv("ASAN_OPTIONS") then -- ASan keeps freed memory in quarantine
    T.ok(rss_peak < 64 * 1024, "peak RSS growth " .. rss_peak .. " KiB")
  end
end)

T.test("closed documents", function()
  local path = temp_file("一行\n")
  for _ = 1, 100 do
    local doc <close> = assert(gw.open(path, { encoding = "utf-8" }))
    assert(#doc == 3)
  end
  local doc = assert(gw.open(path))
  doc:close()
  doc:close()
  T.raises(function() return doc:text() end, "document is closed")
  os.remove(path)
end)

T.test("load options: plain, inherited, many, wrong", function()
  local path = temp_file("一行\n")
  local enc = "opts.encoding must be \"utf-8\", \"gb18030\" or \"auto\""
  T.eq(assert(gw.open(path, { encoding = "auto" })).encoding, "utf-8")
  T.eq(assert(gw.open(path, { name = 12 })).name, "12")
  T.eq(assert(gw.parse("x", { name = 3.5 })).name, "3.5")
  local inherited = setmetatable({}, { __index = { name = "via __index" } })
  T.eq(assert(gw.open(path, inherited)).name, "via __index")
  T.raises(function() gw.open(path, setmetatable({}, { __index = { encoding = "latin1" } })) end, enc)
  local many = { a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8, [1] = 9, name = "many" }
  T.eq(assert(gw.open(path, many)).name, "many")
  many.invalid = "ignore"
  T.raises(function() gw.open(path, many) end, "opts.invalid must be \"error\" or \"replace\"")
  T.raises(function() gw.open(path, { name = {}, encoding = "latin1" }) end, "opts.name must be a string")
  T.raises(function() gw.open(path, { encoding = "latin1", max_bytes = 0 }) end, enc)
  T.raises(function() gw.open(path, { [true] = 1, max_bytes = -1 }) end, "opts.max_bytes must be a positive integer")
  local small, msg = gw.open(path, { max_bytes = 2, unknown = true })
  T.eq(small, nil)
  T.ok(msg:find("max_bytes", 1, true) ~= nil)
  T.eq(select(2, gw.open(path .. ".missing", { name = "gone" })), "gone: No such file or directory")
  local n = 0
  for doc in gw.corpus({ path }, { encoding = "utf-8", glob = "*", on_error = function() end }) do
    n = n + #doc
  end
  T.eq(n, 3)
  os.remove(path)
end)

T.done()
