-- The output layer: display width, and each format's exact shape.
local T = require "check"
local report = require "gongwen.report"
local cjson = require "cjson"

local ROWS = {
  { file = "000.txt", org = "高家镇", year = 2024, cases = 798, rate = 98.5 },
  { file = 'a,b"c.txt', org = "双龙镇", year = 2020, cases = 12 },
}
local COLS = { "file", "org", "year", "cases", "rate" }

local function render(fmt, extra)
  local opts = { columns = COLS, format = fmt }
  for k, v in pairs(extra or {}) do opts[k] = v end
  return report.render(ROWS, opts)
end

T.test("width counts wide and fullwidth characters as two, marks as zero", function()
  T.eq(report.width("abc"), 3)
  T.eq(report.width("高家镇"), 6)
  T.eq(report.width("（一）"), 6)            -- fullwidth parentheses
  T.eq(report.width("ＡＢ"), 4)              -- fullwidth Latin
  T.eq(report.width("《宪法》"), 8)
  T.eq(report.width("“三项制度”"), 10)        -- curly quotes are ambiguous: one column
  T.eq(report.width("e\u{301}"), 1)          -- combining acute accent
  T.eq(report.width("😀"), 2)
  T.eq(report.width("100%"), 4)
  T.eq(report.width(""), 0)
  T.eq(report.width("a\255b"), 3)            -- invalid UTF-8 does not raise
end)

T.test("truncate cuts by display width", function()
  T.eq(report.truncate("高家镇人民政府", 7), "高家镇…")
  T.eq(report.truncate("高家镇", 6), "高家镇")
  T.eq(report.truncate("abcdef", 4), "abc…")
end)

T.test("text table aligns by display width, numbers to the right", function()
  T.eq(render("text"), table.concat({
    "file       org     year  cases  rate",
    "---------  ------  ----  -----  ----",
    "000.txt    高家镇  2024    798  98.5",
    'a,b"c.txt  双龙镇  2020     12',
    "" }, "\n"))
end)

T.test("text with a title, max_width and newlines in cells", function()
  local out = report.render({ { a = "第一行\n第二行", b = 1 } },
    { columns = { "a", "b" }, title = "标题", max_width = 8 })
  T.eq(out, "标题\n\na         b\n--------  -\n第一行 …  1\n")
end)

T.test("CSV quotes per RFC 4180 with CRLF, BOM only for Excel", function()
  local csv = render("csv")
  T.eq(csv, 'file,org,year,cases,rate\r\n000.txt,高家镇,2024,798,98.5\r\n"a,b""c.txt",双龙镇,2020,12,\r\n')
  T.eq(render("csv", { excel = true }), "\239\187\191" .. csv)
  local multi = report.render({ { a = "x\ny", b = "p\rq" } }, { columns = { "a", "b" }, format = "csv" })
  T.eq(multi, 'a,b\r\n"x\ny","p\rq"\r\n')
end)

T.test("JSON keeps column order and parses back", function()
  local text = render("json")
  T.ok(text:find('{"file":"000.txt","org":"高家镇","year":2024,"cases":798,"rate":98.5}', 1, true), "row 1 in order")
  local back = cjson.decode(text)
  T.eq(#back, 2)
  T.eq(back[2].file, 'a,b"c.txt')
  T.eq(back[2].rate, cjson.null)
  T.eq(back[1].cases, 798)
  T.eq(report.render({}, { columns = { "a" }, format = "json" }), "[]\n")
end)

T.test("JSON Lines: one object per line, slashes not escaped, arrays kept", function()
  local text = report.render({ { p = "dir/x.txt", l = { "a", "b" }, e = {} } },
    { columns = { "p", "l", "e" }, format = "jsonl" })
  T.eq(text, '{"p":"dir/x.txt","l":["a","b"],"e":[]}\n')
  local lines = 0
  for line in render("jsonl"):gmatch("[^\n]+") do
    lines = lines + 1
    T.eq(cjson.decode(line).year, ROWS[lines].year)
  end
  T.eq(lines, 2)
end)

T.test("Markdown escapes pipes and markup, aligns numbers right", function()
  local md = report.render({ { a = "x|y", b = 3, c = "<b>&\n2" } },
    { columns = { "a", "b", "c" }, format = "md", title = "T" })
  T.eq(md, "# T\n\n| a | b | c |\n| --- | ---: | --- |\n| x\\|y | 3 | &lt;b&gt;&amp;<br>2 |\n")
end)

T.test("HTML is escaped and has one SVG bar chart per numeric column", function()
  local rows = {
    { org = "<高家镇>", cases = 798, rate = 100 },
    { org = "A&B", cases = 399, rate = 50 },
  }
  local html = report.render(rows, { columns = { "org", "cases", "rate" }, format = "html", title = "x<y" })
  T.ok(html:find("<h1>x&lt;y</h1>", 1, true), "title escaped")
  T.ok(html:find("<td>&lt;高家镇&gt;</td>", 1, true), "cell escaped")
  T.ok(html:find("<td>A&amp;B</td>", 1, true), "ampersand escaped")
  T.ok(not html:find("<script", 1, true), "no JavaScript")
  local svgs = select(2, html:gsub("<svg ", ""))
  T.eq(svgs, 2, "charts")
  -- Bars are proportional: 399 of 798 is half of the 360-px bar area.
  T.ok(html:find('width="360.0" height="14"/><text x="[%d.]+" y="17">798</text>'), "full bar")
  T.ok(html:find('width="180.0" height="14"/><text x="[%d.]+" y="37">399</text>'), "half bar")
  T.ok(html:find('text%-anchor="end">A&amp;B</text>'), "label escaped")
  local none = report.render(rows, { columns = { "org", "cases" }, format = "html", chart = false })
  T.ok(not none:find("<svg", 1, true), "chart = false")
end)

T.test("sections: text, JSON, and flattened CSV/JSONL", function()
  local sections = {
    { title = "甲", columns = { "n" }, rows = { { n = 1 } } },
    { title = "乙", columns = { "n" }, rows = { { n = 22 } } },
  }
  T.eq(report.render_sections(sections, {}), "甲\nn\n-\n1\n\n乙\n n\n--\n22\n")
  T.eq(report.render_sections(sections, { format = "csv" }), "section,n\r\n甲,1\r\n乙,22\r\n")
  T.eq(report.render_sections(sections, { format = "jsonl" }), '{"section":"甲","n":1}\n{"section":"乙","n":22}\n')
  local back = cjson.decode(report.render_sections(sections, { format = "json" }))
  T.eq(back[2].title, "乙"); T.eq(back[2].rows[1].n, 22)
end)

T.test("group splits display formats only", function()
  local rows = { { f = "a", n = 1 }, { f = "b", n = 2 }, { f = "a", n = 3 } }
  local text = report.render(rows, { columns = { "f", "n" }, group = "f" })
  T.eq(text, "a\nn\n-\n1\n3\n\nb\nn\n-\n2\n")
  T.eq(report.render(rows, { columns = { "f", "n" }, group = "f", format = "csv" }), "f,n\r\na,1\r\nb,2\r\na,3\r\n")
end)

T.test("format from the output's extension; output to a file", function()
  local path = os.tmpname() .. ".csv"
  report.write(ROWS, { columns = { "file" }, output = path })
  T.eq(T.read(path), 'file\r\n000.txt\r\n"a,b""c.txt"\r\n')
  os.remove(path)
  T.raises(function() report.render(ROWS, { format = "xml" }) end, 'unknown format "xml"')
  T.raises(function() report.write(ROWS, { output = "/nonexistent/dir/x.txt" }) end, "cannot write output")
end)

T.test("default columns are the sorted keys; values shown plainly", function()
  local text = report.render({ { b = true, a = 2.0, c = { "x", 1 } } })
  T.eq(text, "a  b     c\n-  ----  ----\n2  true  x; 1\n")
end)

T.test("headers name columns in display formats only", function()
  local rows = { { n = 5 } }
  T.eq(report.render(rows, { columns = { "n" }, headers = { n = "件数" } }), "件数\n----\n   5\n")
  T.eq(report.render(rows, { columns = { "n" }, headers = { n = "件数" }, format = "csv" }), "n\r\n5\r\n")
  T.eq(report.render(rows, { columns = { "n" }, headers = { n = "件数" }, format = "jsonl" }), '{"n":5}\n')
end)

T.test("options copies a script's output options", function()
  local o = report.options({ format = "csv", output = "x.csv", excel = true, paths = { "a" } }, { columns = { "a" } })
  T.eq(o, { format = "csv", output = "x.csv", excel = true, columns = { "a" } })
end)

T.test("options takes the format from the output's name when the format is text", function()
  T.eq(report.options({ format = "text", output = "out/s.html" }).format, "html")
  T.eq(report.options({ format = "csv", output = "out/s.html" }).format, "csv")
  T.eq(report.options({ format = "text", output = "out/s.txt" }).format, "text")
end)

T.test("short_paths drops the shared directory", function()
  T.eq(report.short_paths({ "../shared/corpus/a.txt", "../shared/corpus/b.txt" }), { "a.txt", "b.txt" })
  T.eq(report.short_paths({ "s/a.txt", "s/sub/b.txt" }), { "a.txt", "sub/b.txt" })
  T.eq(report.short_paths({ "sa/x.txt", "sb/y.txt" }), { "sa/x.txt", "sb/y.txt" })
  T.eq(report.short_paths({ "x.txt", "-" }), { "x.txt", "-" })
end)

T.done()
