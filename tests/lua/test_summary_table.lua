-- test_summary_table.lua — the text table of gongwen.report, which summary
-- writes for many thousand rows: it is built from cached padded cells and
-- (up to 32 columns) code written for the columns, so every output is checked
-- here against a plain reference and against exact text.
local T = require "check"
local report = require "gongwen.report"

-- The reference: each cell's text measured and padded on its own, the line
-- joined and stripped of its end blanks (what the text table must print).
local function reference(rows, cols, max_width)
  local function text(v)
    local s = report.cell(v):gsub("[\r\n\t]+", " ")
    if max_width and max_width > 0 then s = report.truncate(s, max_width) end
    return s
  end
  local widths, right = {}, {}
  for j, col in ipairs(cols) do
    local w, any, only = report.width(tostring(col)), false, true
    for _, row in ipairs(rows) do
      local v = row[col]
      w = math.max(w, report.width(text(v)))
      if type(v) == "number" then any = true elseif v ~= nil then only = false end
    end
    widths[j], right[j] = w, any and only
  end
  local function line(cells, align)
    local parts = {}
    for j, s in ipairs(cells) do
      local fill = string.rep(" ", widths[j] - report.width(s))
      parts[j] = align[j] and fill .. s or s .. fill
    end
    return (table.concat(parts, "  "):gsub(" +$", ""))
  end
  local heads, rules = {}, {}
  for j, col in ipairs(cols) do heads[j], rules[j] = tostring(col), string.rep("-", widths[j]) end
  local out = { line(heads, right), line(rules, {}) }
  for _, row in ipairs(rows) do
    local cells = {}
    for j, col in ipairs(cols) do cells[j] = text(row[col]) end
    out[#out + 1] = line(cells, right)
  end
  return table.concat(out, "\n") .. "\n"
end

local function text(rows, cols, max_width)
  return report.render(rows, { format = "text", columns = cols, max_width = max_width })
end

T.test("cells padded by display width, numbers right, no blanks at line ends", function()
  local rows = {
    { file = "a.txt", org = "高家镇", year = 2024, n = 7 },
    { file = "bb.txt", org = "双龙镇人民政府", n = 12.5 },
    { file = "c.txt" },
  }
  T.eq(text(rows, { "file", "org", "year", "n" }), table.concat({
    "file    org             year     n",
    "------  --------------  ----  ----",
    "a.txt   高家镇          2024     7",
    "bb.txt  双龙镇人民政府        12.5",
    "c.txt",
    "" }, "\n"))
end)

T.test("a last cell ending in blanks, blank or empty is cut like the line", function()
  local rows = {
    { a = "x", b = "tail  " },
    { a = "x", b = "   " },
    { a = "", b = "" },
    { a = "  lead", b = "\tmid\r\nend\n" },
    { a = "x", b = {} },
  }
  T.eq(text(rows, { "a", "b" }), table.concat({
    "a       b",
    "------  ---------",
    "x       tail",
    "x",
    "",
    "  lead   mid end",
    "x",
    "" }, "\n"))
end)

T.test("mixed, boolean, NaN, table and repeated values match the reference", function()
  local nan = 0 / 0
  local rows = {}
  for i = 1, 40 do
    rows[i] = {
      id = "r" .. i,                                     -- a column of distinct names
      k = i % 3 == 0 and nan or i % 5,                   -- numbers with NaN: still numeric
      mixed = i % 4 == 0 and "n/a" or i * 1.5,           -- not numeric: left-aligned
      flag = i % 2 == 0,
      list = i % 7 == 0 and { "甲", "乙" } or nil,
      wide = i % 6 == 0 and "全角ＡＢ" or (i % 6 == 1 and "e\u{301}" or nil),
      bad = i % 9 == 0 and "a\255b" or nil,              -- invalid UTF-8: one column a byte
      [1] = i % 8 == 0 and "first" or nil,               -- an integer key
    }
  end
  local cols = { "id", "k", "mixed", "flag", "list", "wide", "bad", 1 }
  T.eq(text(rows, cols), reference(rows, cols))
  T.eq(text(rows, cols, 4), reference(rows, cols, 4))   -- max_width cuts cells
end)

T.test("as many columns as are written out as code, and more, give the same table", function()
  for _, ncol in ipairs { 32, 40 } do
    local rows, cols = {}, {}
    for j = 1, ncol do cols[j] = "c" .. j end
    for i = 1, 30 do
      local row = {}
      for j = 1, ncol do
        if (i + j) % 3 ~= 0 then row[cols[j]] = (j % 4 == 0 or ncol == 32) and "镇" .. (i % 4) or i * j end
      end
      rows[i] = row
    end
    local got = text(rows, cols)
    T.eq(got, reference(rows, cols))
    T.eq(select(2, got:gsub("\n", "")), 32)
  end
end)

T.test("numbers whose integer and float forms share a key keep their own text", function()
  local big = 1 << 60
  local rows = { { n = big }, { n = big + 0.0 }, { n = 0 }, { n = -0.0 }, { n = 2.0 }, { n = 2 },
    { n = math.mininteger }, { n = math.mininteger + 0.0 } }
  T.eq(text(rows, { "n" }), table.concat({
    "                   n", "--------------------", " 1152921504606846976", " 1.1529215046068e+18",
    "                   0", "                   0", "                   2", "                   2",
    "-9223372036854775808", "-9.2233720368548e+18", "" }, "\n"))
  T.eq(text(rows, { "n" }), reference(rows, { "n" }))
end)

T.test("a float key column and an empty table are handled", function()
  local rows = { { [1.5] = "x", b = 1 }, { b = 22 } }
  T.eq(text(rows, { 1.5, "b" }), reference(rows, { 1.5, "b" }))
  T.eq(report.render({}, { format = "text", columns = { "a" } }), "(no rows)\n")
end)

T.test("titles, notes and groups frame the tables as before", function()
  local rows = { { g = "一", v = 1 }, { g = "二", v = 22 }, { g = "一", v = 333 } }
  T.eq(report.render(rows, { format = "text", columns = { "g", "v" }, title = "T", note = "N",
    group = "g" }), "T\n\nN\n\n一\n  v\n---\n  1\n333\n\n二\n v\n--\n22\n")
end)

-- The summary script over folders: map leaves file names apart from their
-- folder, and reduce keeps the folders when the files do not share one.
local BUILD = os.getenv("GONGWEN_BUILD") or "build"
local HOST = BUILD .. "/gongwen"

local function files_of(args)
  local p = assert(io.popen(HOST .. " summary --quiet --format csv " .. args .. " 2>&1"))
  local files = {}
  for line in p:lines() do files[#files + 1] = line:match("^([^,]*)") end
  p:close()
  table.remove(files, 1)
  return files
end

T.test("summary names files without the folder they all share", function()
  local one = files_of("sample")
  T.eq(one[1], "donghu_2023.txt")
  T.eq(#one, 6)
  local two = files_of("sample " .. T.shared .. "/corpus")
  T.eq(#two, 11)
  T.eq(two[1], T.shared .. "/corpus/000_e4f3eb5238560b4d.txt") -- (paths sort "." first)
  T.eq(two[6], "sample/donghu_2023.txt")
  T.eq(files_of(T.shared .. "/corpus/000_e4f3eb5238560b4d.txt sample/donghu_2023.txt"),
    { T.shared .. "/corpus/000_e4f3eb5238560b4d.txt", "sample/donghu_2023.txt" })
  T.eq(files_of("sample/liuxi_2024.txt sample/donghu_2024.txt"), { "donghu_2024.txt", "liuxi_2024.txt" })
end)

T.done()
