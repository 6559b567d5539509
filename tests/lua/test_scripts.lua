-- The shipped scripts, run through the gongwen command over the shared reports
-- and the bundled sample.  Expected values were read off the reports by hand.
local T = require "check"
local cjson = require "cjson"

local BIN = (os.getenv("GONGWEN_BUILD") or "build") .. "/gongwen"
local CORPUS = T.shared .. "/corpus"
local SAMPLE = "sample"
local FIXTURES = "tests/fixtures/scripts"

local quote = T.quote

-- Runs gongwen with the arguments; returns stdout, exit code, stderr.
local function run(...)
  local args = {}
  for i, a in ipairs({ ... }) do args[i] = quote(a) end
  local out, err, code = T.sh(quote(BIN) .. " " .. table.concat(args, " "))
  return out, code, err
end

local function run_ok(...)
  local out, code, err = run(...)
  if code ~= 0 then error("gongwen " .. table.concat({ ... }, " ") .. " exited " .. tostring(code) .. ": " .. err, 2) end
  return out
end

local function json(...) return cjson.decode(run_ok(...)) end

-- Rows keyed by the start of their file name ("000", "donghu_2023").
local function by_file(rows)
  local t = {}
  for _, r in ipairs(rows) do
    local base = r.file:match("[^/]*$")
    t[base:match("^(%d%d%d)_") or base:match("^(.-)%.txt")] = r
  end
  return t
end

local function null(v) if v == cjson.null then return nil end return v end

-- cjson reads every number as a float; integers print as "4", not "4.0".
local function int(v) return string.format("%d", v) end

---------------------------------------------------------------- summary

T.test("summary over the shared reports", function()
  local rows = json("summary", CORPUS, "--format", "json")
  T.eq(#rows, 5, "reports")
  local r = by_file(rows)
  local want = {
    -- org, year, level-1 sections, distinct 《》 titles, quantities listed in expected/
    ["000"] = { "高家镇", 2024, 4, 13, 10 },
    ["001"] = { "双龙镇", 2020, 8, 14, 0 },
    ["002"] = { "房镇镇", 2024, 4, 7, 0 },
    ["003"] = { "青龙乡", 2023, 4, 7, 0 },
    ["004"] = { "回龙镇", 2024, 3, 8, 0 },
  }
  for key, w in pairs(want) do
    local row = r[key]
    T.ok(row, "row for " .. key)
    T.eq(row.org, w[1], key .. " org"); T.eq(row.year, w[2], key .. " year")
    T.eq(row.sections, w[3], key .. " sections"); T.eq(row.citations, w[4], key .. " citations")
    T.ok(row.quantities >= w[5] and row.quantities > 0, key .. " quantities")
  end
  T.eq(r["001"].region, "丰都县"); T.eq(r["002"].region, "张店区"); T.eq(r["003"].region, "丰都县")
  -- 000: 成功调解798件, 调解成功率达100%, 主题法治宣传活动24次, 专题培训2次; no 法律顾问 coverage.
  T.eq({ r["000"].mediation, r["000"].success_rate, r["000"].publicity, r["000"].trainings, null(r["000"].counsel) },
    { 798, 100, 24, 2, nil })
  -- 002: 法治宣传等活动80余场, 各类培训活动4场.
  T.eq({ null(r["002"].mediation), r["002"].publicity, r["002"].trainings }, { nil, 80, 4 })
  -- 003: 人民调解122件次, 化解矛盾成功率高达100%, 学习宣讲会35场次.
  T.eq({ r["003"].mediation, r["003"].success_rate, r["003"].publicity }, { 122, 100, 35 })
  -- 004: 8个村（社区）法律顾问全覆盖.
  T.eq(r["004"].counsel, 100)
  -- 001 states none of them.
  T.eq({ null(r["001"].mediation), null(r["001"].success_rate), null(r["001"].counsel) }, {})
end)

T.test("summary over the sample (GB18030 and .gz included)", function()
  local r = by_file(json("summary", SAMPLE, "--format", "json"))
  local want = { -- org, year, mediation, success_rate, publicity, trainings, counsel
    donghu_2023 = { "东湖镇", 2023, 152, 97.4, 32, 6, 100 },
    donghu_2024 = { "东湖镇", 2024, 186, 98.9, 41, 8, 100 },
    liuxi_2023 = { "柳溪镇", 2023, 68, 94.1, 18, 2, 85 },
    liuxi_2024 = { "柳溪镇", 2024, 75, 96, 26, 3, 100 },
    shiqiao_2023 = { "石桥乡", 2023, 96, 95.8, 25, 3, 100 },
    shiqiao_2024 = { "石桥乡", 2024, 112, 97.3, 34, 4, 100 },
  }
  for key, w in pairs(want) do
    local row = r[key]
    T.ok(row, "row for " .. key)
    T.eq({ row.org, row.year, row.mediation, row.success_rate, row.publicity, row.trainings, row.counsel }, w, key)
    T.eq(row.region, "清河县", key .. " region")
  end
end)

T.test("summary --evidence shows the clause and line", function()
  local rows = json("summary", CORPUS .. "/000_e4f3eb5238560b4d.txt", "--evidence", "--format", "json")
  local m
  for _, row in ipairs(rows) do if row.indicator == "mediation" then m = row end end
  T.eq({ m.value, m.unit, m.line, m.text }, { 798, "件", 7, "成功调解798件" })
end)

T.test("summary text output lines up and HTML has charts", function()
  local text = run_ok("summary", SAMPLE)
  T.ok(text:find("东湖镇", 1, true), "org in text")
  local html_path = os.tmpname() .. ".html"
  run_ok("summary", SAMPLE, "--format", "html", "-o", html_path)
  local html = T.read(html_path)
  os.remove(html_path)
  T.ok(html:find("<svg", 1, true) and html:find("柳溪镇 2024", 1, true), "chart labelled org year")
  T.ok(not html:find("<script", 1, true), "no JavaScript")
  T.ok(html:find("<p>Indicators: mediation (调解矛盾纠纷152件)", 1, true), "what the indicators mean")
  T.eq(select(2, html:gsub("<svg ", "")), 5, "one chart per indicator")
end)

---------------------------------------------------------------- outline

T.test("outline of 000: level-1 headings with lines, children nested", function()
  local rows = json("outline", CORPUS .. "/000_e4f3eb5238560b4d.txt", "--format", "json")
  local level1 = {}
  for _, row in ipairs(rows) do
    if row.kind == "section" and row.level == 1 then level1[#level1 + 1] = row.label .. "@" .. int(row.line) end
  end
  T.eq(level1, { "一、@4", "二、@10", "三、@14", "四、@18" })
  local second
  for _, row in ipairs(rows) do if row.kind == "section" and row.line == 7 then second = row end end
  T.eq({ second.level, second.label, second.title }, { 2, "（二）", "强化综合治理，营造安全稳定社会环境" })
  T.eq(rows[1].part, "measures")
  -- 004: the unnumbered 存在的问题及2025年工作安排 on line 14 is both problems and plans.
  local r004 = json("outline", CORPUS .. "/004_7ce380657ba69b2b.txt", "--depth", "1", "--format", "json")
  local last = r004[3]
  T.eq({ last.kind, last.line, last.numbered, last.title, last.parts },
    { "section", 14, false, "存在的问题及2025年工作安排", { "problems", "plans" } })
end)

T.test("outline reports a numbering gap", function()
  -- gap.txt: （三） on line 5 follows （一） on line 4.
  local rows = json("outline", FIXTURES .. "/gap.txt", "--format", "json")
  local lines = {}
  for _, row in ipairs(rows) do if row.kind == "diagnostic" then lines[#lines + 1] = int(row.line) end end
  T.eq(lines, { "5" })
  local text = run_ok("outline", FIXTURES .. "/gap.txt")
  T.ok(text:find("gap.txt  diagnostics", 1, true), "diagnostics table in text")
end)

T.test("outline text shows the tree indented", function()
  local text = run_ok("outline", CORPUS .. "/000_e4f3eb5238560b4d.txt")
  T.ok(text:find("   6    （一）强化执法规范", 1, true), "child indented under its parent")
  T.ok(text:find("一、2024年推进法治政府建设的主要举措和成效", 1, true), "level 1")
end)

---------------------------------------------------------------- grep

T.test("grep: match, line and section", function()
  local rows = json("grep", "调解成功率", CORPUS, "--format", "json")
  T.eq(#rows, 1)
  T.eq({ rows[1].file, rows[1].line, rows[1].match }, { "000_e4f3eb5238560b4d.txt", 7, "调解成功率" })
  T.ok(rows[1].section:find("^1%.2 （二）强化综合治理"), "section " .. rows[1].section)
  T.ok(rows[1].text:find("^（二）强化综合治理"), "whole line in json")
end)

T.test("grep --count per section, -i, -C", function()
  local rows = json("grep", "矛盾纠纷", CORPUS .. "/000_e4f3eb5238560b4d.txt", "--count", "--format", "json")
  local total = 0
  for _, r in ipairs(rows) do total = total + r.count end
  -- 矛盾纠纷: 3 times on line 7 (in 一、（二）), 3 times on line 13 (in 二、（三）).
  T.eq(total, 6)
  T.eq(#rows, 2)
  T.ok(rows[1].section:find("^1%.2 "), "first section " .. rows[1].section)
  T.ok(rows[2].section:find("^2%.3 "), "second section " .. rows[2].section)
  T.eq({ rows[1].count, rows[2].count }, { 3, 3 })
  local ci = json("grep", "app", CORPUS .. "/000_e4f3eb5238560b4d.txt", "-i", "--format", "json")
  T.eq(#ci, 1); T.eq(ci[1].match, "APP"); T.eq(ci[1].line, 13)
  local ctx = json("grep", "调解成功率", CORPUS, "-C", "1", "--format", "json")
  local kinds = {}
  for i, r in ipairs(ctx) do kinds[i] = r.kind .. int(r.line) end
  T.eq(kinds, { "-6", ":7", "-8" })
  -- Context stops at the end: the date is the last line of donghu_2023.txt (27).
  local last = json("grep", "日$", SAMPLE .. "/donghu_2023.txt", "-C", "2", "--format", "json")
  T.eq({ int(last[#last].line), last[#last].text }, { "27", "2024年1月15日" })
  local _, code, err = run("grep", "x(", SAMPLE)
  T.eq(code, 1, "bad pattern exit")
  T.eq(select(2, err:gsub("missing closing parenthesis", "")), 1, "bad pattern reported once: " .. err)
end)

---------------------------------------------------------------- quantities

T.test("quantities with --subject and --unit", function()
  local rows = json("quantities", CORPUS, "--subject", "^调解点$", "--format", "json")
  T.eq(#rows, 1)
  T.eq({ rows[1].file, rows[1].value, rows[1].unit, rows[1].line }, { "000_e4f3eb5238560b4d.txt", 178, "个", 7 })
  local juan = json("quantities", CORPUS, "--unit", "卷", "--format", "json")
  T.eq(#juan, 1); T.eq(juan[1].value, 765)
  local approx = json("quantities", CORPUS .. "/000_e4f3eb5238560b4d.txt", "--unit", "学时", "--format", "json")
  T.eq({ approx[1].value, approx[1].approx, approx[1].word }, { 80, true, "超" })
end)

---------------------------------------------------------------- citations

T.test("citations across the corpus merge 宪法 and 中华人民共和国宪法", function()
  local rows = json("citations", CORPUS, "--format", "json")
  local found = {}
  for _, r in ipairs(rows) do
    local name = null(r.law_name) or r.citation
    if name:find("宪法$") then found[#found + 1] = r end
  end
  T.eq(#found, 1, "one 宪法 row")
  -- 《中华人民共和国宪法》 in 000 and 001, 《宪法》 twice in 003 and once in 004.
  T.eq({ found[1].count, found[1].reports, found[1].kind }, { 5, 4, "law" })
end)

T.test("citations --by report", function()
  local rows = json("citations", CORPUS .. "/003_3dec04221fb15ce6.txt", "--by", "report", "--format", "json")
  local civil
  for _, r in ipairs(rows) do if (null(r.law_name) or r.citation):find("民法典$") then civil = r end end
  T.eq({ civil.org, civil.count }, { "青龙乡", 2 })
end)

---------------------------------------------------------------- parts

T.test("parts --part problems", function()
  local rows = json("parts", CORPUS .. "/000_e4f3eb5238560b4d.txt", CORPUS .. "/001_621cb3420cf20d40.txt",
    "--part", "problems", "--format", "json")
  local r000, r001 = {}, {}
  for _, r in ipairs(rows) do
    if r.file:find("^000") then r000[#r000 + 1] = r else r001[#r001 + 1] = r end
  end
  T.eq(#r000, 3)
  T.eq(r000[1].heading, "（一）领导干部推动法治政府建设的能力还有欠缺")
  T.ok(r000[3].text:find("公共法律服务资源相对匮乏", 1, true), "third problem's text")
  T.eq(#r001, 1)
  T.ok(r001[1].text:find("^行政执法监督乏力"), "001 paragraph")
  -- 004's 存在的问题及2025年工作安排: three 一是/二是/三是 problems, then three （一） plans.
  local r004 = json("parts", CORPUS .. "/004_7ce380657ba69b2b.txt", "--format", "json")
  T.eq(#r004, 6)
  T.ok(r004[1].text:find("^一是理论学习不够积极主动"), "first item")
  T.ok(r004[3].text:find("^三是行政执法规范化建设"), "third item")
  T.eq(r004[4].heading, "（一）加强组织领导")
end)

---------------------------------------------------------------- compare

T.test("compare: matrix by org and year with the change", function()
  local rows = json("compare", SAMPLE, "--format", "json")
  local keys = {}
  for i, r in ipairs(rows) do keys[i] = r.org .. int(r.year) end
  T.eq(keys, { "东湖镇2023", "东湖镇2024", "柳溪镇2023", "柳溪镇2024", "石桥乡2023", "石桥乡2024" })
  T.eq({ rows[2].mediation, rows[2].mediation_change }, { 186, 34 })
  T.eq(null(rows[1].mediation_change), nil)
  T.eq(rows[4].counsel_change, 15)
  local own = json("compare", SAMPLE, "--indicator", "lectures=讲座:场", "--no-change", "--format", "json")
  T.eq({ own[3].lectures, own[4].lectures, null(own[1].lectures) }, { 4, 5, nil })
  T.eq(null(own[1].lectures_change), nil)
end)

---------------------------------------------------------------- every script, every format

T.test("every script runs in every format, and -j 2 output equals -j 1", function()
  local runs = {
    { "summary" }, { "outline" }, { "grep", "法律顾问" }, { "quantities" }, { "citations" },
    { "parts", "--part", "measures" }, { "compare" },
  }
  for _, args in ipairs(runs) do
    for _, fmt in ipairs({ "text", "csv", "json", "jsonl", "md", "html" }) do
      local a = table.move(args, 1, #args, 1, {})
      for _, x in ipairs({ SAMPLE, CORPUS, "--format", fmt }) do a[#a + 1] = x end
      local one = run_ok(table.unpack(a))
      T.ok(#one > 100, args[1] .. " " .. fmt .. " output")
      if fmt == "json" then cjson.decode(one) end
      if fmt == "csv" or fmt == "text" then
        a[#a + 1] = "-j"; a[#a + 1] = "2"
        T.eq(run_ok(table.unpack(a)), one, args[1] .. " " .. fmt .. " -j 2")
      end
    end
  end
end)

T.test("a script of one's own (the example in the README)", function()
  local r = by_file(json(FIXTURES .. "/units.lua", SAMPLE, "--format", "json"))
  -- donghu_2024: 法治宣传活动41场, 专题讲座6场; liuxi_2024: 法治宣传活动26场, 法治讲座5场.
  T.eq({ r.donghu_2024.count, r.donghu_2024.total }, { 2, 47 })
  T.eq({ r.liuxi_2024.count, r.liuxi_2024.total }, { 2, 31 })
  local csv = run_ok(FIXTURES .. "/units.lua", SAMPLE, "--unit", "件", "--format", "csv", "--excel")
  T.eq(csv:sub(1, 3), "\239\187\191", "BOM for Excel")
  T.ok(csv:find("\r\n", 1, true), "CRLF rows")
end)

T.test("a script error exits 1 with the script's line", function()
  local _, code, err = run(FIXTURES .. "/broken.lua", SAMPLE)
  T.eq(code, 1)
  T.ok(err:find("broken.lua:6:", 1, true), "line in message: " .. err)
end)

T.done()
