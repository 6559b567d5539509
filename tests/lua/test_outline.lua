-- test_outline.lua — doc:outline() and the Section type: the trees of the
-- shared reports against ../shared/corpus/expected (written by reading the
-- reports), the fixtures in tests/fixtures/outline, and the API itself.
local T = require "check"
local gw = require "gongwen"
local cjson = require "cjson"

local FIX = "tests/fixtures/outline/"
local CORPUS = T.shared .. "/corpus/"
local REPORTS = {
  "000_e4f3eb5238560b4d", "001_621cb3420cf20d40", "002_6a3c11ae070e1455",
  "003_3dec04221fb15ce6", "004_7ce380657ba69b2b",
}

local function null(v) if v == cjson.null then return nil end return v end

-- Compares one section with its expected reading (level, label, title, numbered, part).
local function check_section(s, want, where)
  T.eq(s.level, want.level, where .. " level")
  T.eq(s.label, null(want.label), where .. " label")
  T.eq(s.numbered, want.numbered, where .. " numbered")
  if null(want.title) then
    T.eq(s.title, want.title, where .. " title")
  else
    local start = want.title_startswith
    T.ok(s.title:sub(1, #start) == start, where .. " title " .. s.title .. " starts with " .. start)
  end
  if type(want.part) == "table" then T.eq(s.parts, want.part, where .. " parts")
  elseif want.part then T.eq(s.part, want.part, where .. " part") end
end

for _, name in ipairs(REPORTS) do
  T.test("seed report " .. name .. " agrees with expected/", function()
    local doc = assert(gw.open(CORPUS .. name .. ".txt"))
    local want = cjson.decode(T.read(CORPUS .. "expected/" .. name .. ".json"))
    local top = doc:outline().children
    T.eq(#top, #want.outline, name .. ": level-1 sections")
    for i, w in ipairs(want.outline) do
      local s = top[i]
      check_section(s, w, name .. " " .. i)
      local kids, wkids = s.children, null(w.children) or {}
      T.eq(#kids, #wkids, name .. " " .. i .. " children")
      for j, wk in ipairs(wkids) do check_section(kids[j], wk, name .. " " .. i .. "." .. j) end
    end
    for _, joined in ipairs(null(want.joined_paragraphs) or {}) do
      local found
      for s in doc:sections() do
        if s:body():find(joined, 1, true) then found = s end
      end
      T.ok(found, "joined paragraph " .. joined .. " in a section body")
      T.eq(found.path, "3.1", "the section that holds it")
      T.ok(not doc:text():find(joined, 1, true), "the joined text is split in the document")
    end
  end)
end

T.test("Section fields and methods", function()
  local doc = assert(gw.open(CORPUS .. "001_621cb3420cf20d40.txt"))
  local root = doc:outline()
  T.eq(root.level, 0); T.eq(root.path, ""); T.eq(root.parent, nil); T.eq(root.label, nil)
  T.eq(root.numbered, false); T.eq(root.start, 1); T.eq(root.stop, doc:bytes())
  T.ok(rawequal(doc:outline(), root), "the same root object")
  local s = doc:section("3.2")
  T.eq(s.label, "2."); T.eq(s.number, 2); T.eq(s.level, 3); T.eq(s.line, 20)
  T.eq(s.title, "完善政务服务平台，打造优质营商环境"); T.eq(s.path, "3.2"); T.eq(s.depth, 2)
  T.ok(rawequal(s.parent, doc:section("3")), "parent is the cached view")
  T.ok(rawequal(s.parent.children[2], s), "children hold the same views")
  T.eq(s:text(), doc:sub(s.start, s.stop))
  T.ok(s:text():find("^2%.完善政务服务平台"), "text starts with the heading")
  T.ok(s:text():find("和谐共赢。$"), "text ends with the body, trimmed")
  T.ok(s:body():find("^及时强化行政监督责任"), "body starts after the run-in title")
  T.eq(s.part, nil)
  T.eq(doc:section("3").part, "measures")
  T.eq(doc:section("9"), nil)
  T.raises(function() doc:section("x") end, "path")
  -- items: 一是 … 四是 of 六、
  local items = doc:section("6"):items()
  T.eq(#items, 4)
  T.eq(items[1].number, 1); T.eq(items[4].number, 4); T.eq(items[2].line, 46)
  T.ok(items[1].text:find("^一是加强法治教育培训"), "item text")
  T.eq(doc:sub(items[3].start, items[3].stop):sub(1, 6), "三是")
  T.eq(#doc:section("1"):items(), 0)
  -- iteration, search, text tree
  local n, last = 0, 0
  for sec in doc:sections() do
    n = n + 1
    T.ok(sec.start > last, "document order"); last = sec.start
  end
  T.eq(n, 23)
  T.eq(doc:find_section("风险").path, "4.2")
  T.eq(doc:find_section("^存在"), doc:section("7"))
  T.eq(doc:find_section("科学化、民主化", true).path, "4")
  T.eq(doc:find_section("不存在的标题"), nil)
  T.eq(doc:preamble(), "丰都县双龙镇人民政府\n\n双龙镇2020年法治政府建设情况报告")
  local text = gw.outline_text(doc)
  T.eq(tostring(root), text)
  T.ok(text:find("\n   14  三、依法全面履行政府职能\n   16    1.依法履行行政职能\n", 1, true), "outline text")
  T.eq(tostring(s), "Section 3.2 2.完善政务服务平台，打造优质营商环境 (line 20)")
  T.eq(#doc:diagnostics(), 0)
end)

T.test("parts of a heading that covers two", function()
  local doc = assert(gw.open(CORPUS .. "004_7ce380657ba69b2b.txt"))
  local s = doc:find_section("存在的问题")
  T.eq(s.parts, { "problems", "plans" })
  T.eq(s.part, "problems")
  local d = doc:diagnostics()
  T.eq(#d, 4)
  T.eq(d[1], { line = 3, message = "heading without number where 一、 expected" })
end)

T.test("sections are regex subjects without copies", function()
  if not gw.count then return end
  local doc = assert(gw.open(CORPUS .. "000_e4f3eb5238560b4d.txt"))
  local s = doc:section("2")
  T.eq(gw.count(s, "法治"), select(2, s:text():gsub("法治", "")))
  local i, j = gw.find(s, "强化普法宣传")
  T.eq(doc:sub(i, j), "强化普法宣传")
  T.ok(i >= s.start and j <= s.stop, "offsets into doc:text()")
end)

T.test("fixtures: traps and variants", function()
  local doc = assert(gw.open(FIX .. "traps.txt"))
  local lines = {}
  for s in doc:sections() do lines[#lines + 1] = s.line end
  T.eq(lines, { 5, 6, 8, 9, 10, 11, 17 })  -- not 4 (2024年，), 7, 13-15 (laws), 19-20
  T.eq(doc:section("2.1").level, 4)        -- （1） directly under 二、
  T.eq(doc:preamble(), "关于某镇2024年法治政府建设情况的报告\n\n依法治县办：")
  doc = assert(gw.open(FIX .. "unnumbered.txt"))
  local s = doc:section("1.1")
  T.eq(s.numbered, false); T.eq(s.label, nil); T.eq(s.number, nil); T.eq(s.level, 2)
  T.eq(s.title, "完善制度体系，规范权力运行")
  T.ok(s:body():find("^我局修订完善了各项制度。"), "body after the lead sentence")
  T.eq(doc:section("1.3").label, "（三）")
  T.eq(#doc:section("2"):items(), 2)
end)

T.test("items: a long list, computed on each call", function()
  local digits = { "一", "二", "三", "四", "五", "六", "七", "八", "九" }
  local function cn(n)  -- 1..49 in Chinese numerals
    local tens, ones = n // 10, n % 10
    return (tens > 1 and digits[tens] or "") .. (tens > 0 and "十" or "") .. (ones > 0 and digits[ones] or "")
  end
  local parts = {}
  for i = 1, 40 do parts[i] = cn(i) .. "是第" .. i .. "项。" end
  local doc = assert(gw.parse("一、标题\n" .. table.concat(parts) .. "\n"))
  local items = doc:section("1"):items()
  T.eq(#items, 40)
  T.eq(items[40].number, 40)
  T.eq(items[33].text, "三十三是第33项。")
  T.eq(doc:sub(items[11].start, items[11].stop), "十一是第11项。")
  T.eq(#doc:section("1"):items(), 40)  -- the same again
end)

T.test("a closed document's sections raise", function()
  local doc = assert(gw.parse("一、标题\n正文。\n"))
  local s = doc:section("1")
  T.eq(s.title, "标题")
  doc:close()
  T.raises(function() return s.title end, "closed")
  T.raises(function() return doc:outline() end, "closed")
end)

T.done()
