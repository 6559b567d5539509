-- What grep asks of the module and the output layer: doc:line_span,
-- doc:section_at, and rows encoded ahead (report.encode_rows and
-- report.render_encoded), which must write what report.render writes.
local T = require "check"
local gw = require "gongwen"
local report = require "gongwen.report"

---------------------------------------------------------------- doc:line_span

T.test("line_span: bytes of each line, newline excluded; nil outside", function()
  -- "第一行" is bytes 1-9, line 2 is empty (byte 10 is its newline), "一、标题" 12-23, "正文" 25-30
  local doc = assert(gw.parse("第一行\n\n一、标题\n正文"))
  T.eq({ doc:line_span(1) }, { 1, 9 })
  T.eq({ doc:line_span(2) }, { 11, 10 })     -- empty: last = first - 1
  T.eq({ doc:line_span(3) }, { 12, 23 })
  T.eq({ doc:line_span(4) }, { 25, 30 })     -- no final newline
  T.eq(doc:line_span(5), nil)
  T.eq(doc:line_span(0), nil)
  T.eq(doc:line_span(-1), nil)
  T.eq(doc:sub(doc:line_span(3)), "一、标题")
  T.raises(function() doc:line_span("x") end, "number expected")
end)

T.test("line_span: a final newline ends the last line; CRLF is gone", function()
  local doc = assert(gw.parse("ab\r\ncd\r\n"))
  T.eq({ doc:line_span(2) }, { 4, 5 })
  T.eq(doc:line_span(3), nil)                -- doc:lines() gives two lines too
  local n = 0
  for _ in doc:lines() do n = n + 1 end
  T.eq(n, 2)
end)

T.test("line_span agrees with doc:lines() on a real report", function()
  local doc = assert(gw.open(T.shared .. "/corpus/000_e4f3eb5238560b4d.txt"))
  local text, n = doc:text(), 0
  for line, k in doc:lines() do
    local first, last = doc:line_span(k)
    T.eq(text:sub(first, last), line, "line " .. k)
    n = k
  end
  T.eq(doc:line_span(n + 1), nil)
end)

---------------------------------------------------------------- doc:section_at

-- 前言 1-6, newline 7; 一、总体 8-19 ... section 1 is 8-61, 1.1 （一）细分 34-61,
-- byte 62 the newline between them and 二、其次 (63-87), 88 the final newline.
local HEADED = "前言\n一、总体\n正文甲。\n（一）细分\n正文乙。\n二、其次\n正文丙。\n"

T.test("section_at: the innermost section holding a byte", function()
  local doc = assert(gw.parse(HEADED))
  local function path(pos) local s = doc:section_at(pos); return s and s.path end
  T.eq(path(1), nil)                         -- the preamble
  T.eq(path(7), nil)
  T.eq(path(8), "1")
  T.eq(path(33), "1")                        -- the newline after 正文甲。
  T.eq(path(34), "1.1")
  T.eq(path(61), "1.1")
  T.eq(path(62), nil)                        -- between sections, as their spans say
  T.eq(path(63), "2")
  T.eq(path(87), "2")
  T.eq(path(89), nil)                        -- #text + 1: where an empty match at the end is
  T.ok(rawequal(doc:section_at(40), doc:section("1.1")), "the same view as doc:section")
  T.eq(doc:section_at(40).title, "细分")
  T.raises(function() doc:section_at(0) end, "offset out of the document")
  T.raises(function() doc:section_at(90) end, "offset out of the document")
  doc:close()
  T.raises(function() doc:section_at(8) end, "document is closed")
  local plain = assert(gw.parse("没有标题的一段文字。\n"))
  T.eq(plain:section_at(1), nil)             -- only the root: no section
end)

T.test("section_at equals the deepest section whose span holds the byte, every byte", function()
  for _, name in ipairs { "000_e4f3eb5238560b4d.txt", "001_621cb3420cf20d40.txt", "004_7ce380657ba69b2b.txt" } do
    local doc = assert(gw.open(T.shared .. "/corpus/" .. name))
    local spans = {}
    for s in doc:sections() do spans[#spans + 1] = { s.start, s.stop, s.depth, s } end
    local wrong = 0
    for pos = 1, doc:bytes() + 1 do
      local best
      for _, sp in ipairs(spans) do
        if sp[1] <= pos and pos <= sp[2] and (not best or sp[3] > best[3]) then best = sp end
      end
      if not rawequal(doc:section_at(pos), best and best[4] or nil) then wrong = wrong + 1 end
    end
    T.eq(wrong, 0, name)
  end
end)

---------------------------------------------------------------- rows encoded ahead

local COLS = { "file", "line", "section", "match", "text" }
local PARTS = {
  { file = "a.txt", rows = {
    { line = 7, section = "1.2 （二）治理", match = "成功率", text = '调解成功率达100%，"引号"和/斜杠' },
    { line = 9, section = "(preamble)", match = "x", text = "逗号,与\n换行" },
  } },
  { file = 'b,"c.txt', rows = { { line = 1, section = "1 一、标题", match = false, text = nil } } },
}

-- What report.render writes for all the rows, each given its part's file.
local function rendered(fmt, extra)
  local rows = {}
  for _, part in ipairs(PARTS) do
    for _, r in ipairs(part.rows) do
      local row = { file = part.file }
      for k, v in pairs(r) do row[k] = v end
      rows[#rows + 1] = row
    end
  end
  local opts = { columns = COLS, format = fmt }
  for k, v in pairs(extra or {}) do opts[k] = v end
  return report.render(rows, opts)
end

local function encoded(fmt, extra, columns)
  local opts = { columns = columns or COLS, format = fmt }
  for k, v in pairs(extra or {}) do opts[k] = v end
  local parts = {}
  for i, part in ipairs(PARTS) do parts[i] = { file = part.file, encoded = report.encode_rows(part.rows, opts) } end
  return report.render_encoded(parts, opts)
end

T.test("encode_rows: a row's text after its first column", function()
  T.eq(report.encode_rows({ { line = 7, section = "1.2", match = "率", text = "a/b" } },
    { columns = COLS, format = "jsonl" }), { ',"line":7,"section":"1.2","match":"率","text":"a/b"}' })
  T.eq(report.encode_rows({ { line = 7, section = "1,2", match = "率", text = 'q"' } },
    { columns = COLS, format = "csv" }), { ',7,"1,2",率,"q"""' })
  T.eq(report.encode_rows({ {} }, { columns = { "file" }, format = "json" }), { "}" })
  T.eq(report.encode_rows({ { line = 1 } }, { columns = COLS, format = "text" }), nil)
  T.eq(report.encode_rows({ { line = 1 } }, { columns = COLS, format = "md" }), nil)
  T.eq(report.encode_rows({ { line = 1 } }, { columns = COLS, output = "x.html" }), nil)
end)

T.test("render_encoded writes what render writes: jsonl, json, csv", function()
  for _, fmt in ipairs { "jsonl", "json", "csv" } do
    T.eq(encoded(fmt), rendered(fmt), fmt)
  end
  T.eq(encoded("csv", { excel = true }), rendered("csv", { excel = true }), "excel")
  T.eq(encoded("jsonl"), table.concat({
    '{"file":"a.txt","line":7,"section":"1.2 （二）治理","match":"成功率","text":"调解成功率达100%，\\"引号\\"和/斜杠"}',
    '{"file":"a.txt","line":9,"section":"(preamble)","match":"x","text":"逗号,与\\n换行"}',
    '{"file":"b,\\"c.txt","line":1,"section":"1 一、标题","match":false,"text":null}', "" }, "\n"))
  T.eq(encoded("csv"), 'file,line,section,match,text\r\na.txt,7,1.2 （二）治理,成功率,"调解成功率达100%，""引号""和/斜杠"\r\n'
    .. 'a.txt,9,(preamble),x,"逗号,与\n换行"\r\n"b,""c.txt",1,1 一、标题,false,\r\n')
end)

T.test("render_encoded: no parts, one column, the output file's format", function()
  for _, fmt in ipairs { "jsonl", "json", "csv" } do
    local opts = { columns = COLS, format = fmt }
    T.eq(report.render_encoded({}, opts), report.render({}, opts), fmt .. " without rows")
  end
  T.eq(report.render_encoded({}, { columns = COLS, format = "json" }), "[]\n")
  local one = { { file = "x", encoded = report.encode_rows({ {}, {} }, { columns = { "file" }, format = "jsonl" }) } }
  T.eq(report.render_encoded(one, { columns = { "file" }, format = "jsonl" }), '{"file":"x"}\n{"file":"x"}\n')
  local path = os.tmpname() .. ".jsonl"
  local parts = { { file = "f", encoded = report.encode_rows({ { line = 1 } }, { columns = { "file", "line" }, output = path }) } }
  report.write_encoded(parts, { columns = { "file", "line" }, output = path })
  T.eq(T.read(path), '{"file":"f","line":1}\n')
  os.remove(path)
end)

T.test("render_encoded refuses display formats and a missing column list", function()
  T.raises(function() report.render_encoded({}, { columns = COLS, format = "text" }) end, "not text")
  T.raises(function() report.render_encoded({}, { format = "csv" }) end, "needs opts.columns")
  T.raises(function() report.encode_rows({}, { format = "jsonl" }) end, "needs opts.columns")
end)

---------------------------------------------------------------- cells

T.test("cells with and without bytes to escape, in each format", function()
  local rows = { { a = "甲\t乙", b = "x|y", c = "" }, { a = "a&b", b = "<p>\n", c = "q,r" } }
  local o = { columns = { "a", "b", "c" } }
  o.format = "text"
  -- a tab becomes a blank; the first row's last cell is empty: no blanks after "x|y"
  T.eq(report.render(rows, o), "a      b     c\n-----  ----  ---\n甲 乙  x|y\na&b    <p>   q,r\n")
  o.format = "md"
  T.eq(report.render(rows, o), "| a | b | c |\n| --- | --- | --- |\n| 甲\t乙 | x\\|y |  |\n"
    .. "| a&amp;b | &lt;p&gt;<br> | q,r |\n")
  o.format = "csv"
  T.eq(report.render(rows, o), 'a,b,c\r\n甲\t乙,x|y,\r\na&b,"<p>\n","q,r"\r\n')
  o.format = "html"
  local html = report.render(rows, o)
  T.ok(html:find("<tr><td>甲\t乙</td><td>x|y</td><td></td></tr>", 1, true), "plain cells")
  T.ok(html:find("<tr><td>a&amp;b</td><td>&lt;p&gt;<br></td><td>q,r</td></tr>", 1, true), "escaped cells")
end)

T.test("text table: empty cells and columns, numbers right, no blanks at line ends", function()
  -- widths: a 2, b 1 (its header), c 2; c is numeric, so right-aligned
  T.eq(report.render({ { a = "x", b = "", c = 1 }, { a = "yy", c = 22 }, { a = "", b = "", c = 3 } },
    { columns = { "a", "b", "c" } }), "a   b   c\n--  -  --\nx       1\nyy     22\n        3\n")
  -- 名称 and 高家镇 are 4 and 6 columns wide; the empty last column leaves nothing after x
  T.eq(report.render({ { a = "x", b = "" }, { a = "高家镇", b = "" } },
    { columns = { "a", "b" }, headers = { a = "名称" } }), "名称    b\n------  -\nx\n高家镇\n")
end)

T.test("short_paths: the shared directory whichever path comes first", function()
  T.eq(report.short_paths({ "c/a/b/x.txt", "c/a/y.txt", "c/a/b/z.txt" }), { "b/x.txt", "y.txt", "b/z.txt" })
  T.eq(report.short_paths({ "c/a/x.txt", "c/b/y.txt" }), { "a/x.txt", "b/y.txt" })
  T.eq(report.short_paths({ "x.txt", "d/y.txt" }), { "x.txt", "d/y.txt" })
  T.eq(report.short_paths({ "d/ab/x.txt", "d/a/y.txt" }), { "ab/x.txt", "a/y.txt" })
end)

T.done()
