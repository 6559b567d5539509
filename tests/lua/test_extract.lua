-- test_extract.lua — gw.quantities, gw.citations, gw.quotes, gw.dates,
-- doc.meta, gw.classify_part and doc:part on the shared reports (against
-- ../shared/corpus/expected/*.json, read with lua-cjson) and on fixtures.
local T = require "check"
local gw = require "gongwen"
local cjson = require "cjson"

local CORPUS = T.shared .. "/corpus/"
local FIX = "tests/fixtures/extract/"
local REPORTS = {
  "000_e4f3eb5238560b4d", "001_621cb3420cf20d40", "002_6a3c11ae070e1455",
  "003_3dec04221fb15ce6", "004_7ce380657ba69b2b",
}

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function expected(name)
  return cjson.decode(read(CORPUS .. "expected/" .. name .. ".json"))
end

local function null_to_nil(v) if v == cjson.null then return nil end return v end

-- Every occurrence of needle in text as {start, stop}.
local function occurrences(text, needle)
  local out, i = {}, 1
  while true do
    local s, e = text:find(needle, i, true)
    if not s then return out end
    out[#out + 1] = { s, e }
    i = s + 1
  end
end

local function covered(text, needle, b, e)
  for _, o in ipairs(occurrences(text, needle)) do
    if o[1] <= b and e <= o[2] then return true end
  end
  return false
end

T.test("shared reports: doc.meta as expected, cached on the document", function()
  for _, name in ipairs(REPORTS) do
    local want = expected(name).meta
    local doc = assert(gw.open(CORPUS .. name .. ".txt"))
    local m = doc.meta
    for _, k in ipairs { "title", "org", "year", "doc_number", "date", "addressee" } do
      T.eq(m[k], null_to_nil(want[k]), name .. " meta." .. k)
    end
    T.ok(rawequal(doc.meta, m), "doc.meta is computed once")
    T.eq(gw.meta(doc:text()).org, m.org, "gw.meta on a string")
  end
end)

T.test("shared reports: regions where stated", function()
  local want = { nil, "丰都县", "张店区", "丰都县", nil }
  for i, name in ipairs(REPORTS) do
    T.eq(assert(gw.open(CORPUS .. name .. ".txt")).meta.region, want[i], name)
  end
end)

T.test("shared reports: distinct citation titles as expected", function()
  for _, name in ipairs(REPORTS) do
    local doc = assert(gw.open(CORPUS .. name .. ".txt"))
    local text = doc:text()
    local seen, titles = {}, {}
    for _, c in ipairs(gw.citations(doc)) do
      T.eq(text:sub(c.start, c.stop), "《" .. c.title .. "》", "citation offsets")
      T.ok(c.kind == "law" or c.kind == "plan" or c.kind == "internal" or c.kind == "book"
        or c.kind == "other", "kind " .. tostring(c.kind))
      if not seen[c.title] then seen[c.title] = true; titles[#titles + 1] = c.title end
    end
    table.sort(titles)
    T.eq(titles, expected(name).citations, name)
  end
end)

T.test("shared reports: expected quantities found, none from not_quantities", function()
  for _, name in ipairs(REPORTS) do
    local exp = expected(name)
    local doc = assert(gw.open(CORPUS .. name .. ".txt"))
    local text = doc:text()
    local qs = gw.quantities(doc)
    for _, q in ipairs(qs) do
      T.eq(text:sub(q.start, q.stop), q.text, "quantity text at its offsets")
      T.eq(select(1, doc:position(q.start)), q.line, "quantity line")
    end
    for _, e in ipairs(exp.quantities) do
      local found = false
      for _, q in ipairs(qs) do
        if q.value == e.value and q.unit == e.unit and q.approx == e.approx then
          local nb = q.start + q.text:find(q.number, 1, true) - 1
          local ub = q.text:find(q.unit, q.text:find(q.number, 1, true) + #q.number, true)
          if covered(text, e.evidence, nb, q.start + ub + #q.unit - 2) then found = true end
        end
      end
      T.ok(found, name .. ": " .. e.value .. e.unit .. " in " .. e.evidence)
    end
    for _, nq in ipairs(exp.not_quantities) do
      for _, q in ipairs(qs) do
        local nb = q.start + q.text:find(q.number, 1, true) - 1
        T.ok(not covered(text, nq, nb, nb + #q.number - 1), name .. ": quantity from " .. nq)
      end
    end
  end
end)

T.test("shared reports: the part of each level-1 section", function()
  for _, name in ipairs(REPORTS) do
    for _, s in ipairs(expected(name).outline) do
      local want = null_to_nil(s.part)
      if want then
        if type(want) == "string" then want = { want } end
        T.eq(gw.classify_part(s.title), want, name .. " " .. s.title)
      end
    end
  end
end)

T.test("doc:part returns the sections of a part, in order", function()
  local doc = assert(gw.open(CORPUS .. "004_7ce380657ba69b2b.txt"))
  local problems = doc:part("problems")
  T.eq(#problems, 1)
  T.ok(problems[1].title:find("存在的问题", 1, true), "problems section title")
  T.eq(#doc:part("plans"), 1)
  T.eq(#doc:part("leadership"), 1)
  local doc1 = assert(gw.open(CORPUS .. "001_621cb3420cf20d40.txt"))
  -- 基本情况; 加强组织领导, 依法…, 推进…, 依法… (measures themselves); 法治政府建设工作主要成效
  T.eq(#doc1:part("measures"), 6)
  T.eq(doc1:part("problems")[1].title, "存在的问题")
end)

T.test("quantities on a string: fields and 1-based offsets", function()
  local s = "全镇全面排查矛盾纠纷798件、成功调解798件，调解成功率达100%；组织培训超80学时。"
  local qs = gw.quantities(s)
  T.eq(#qs, 4)
  local q = qs[1]
  T.eq(q.value, 798); T.eq(q.unit, "件"); T.eq(q.approx, false); T.eq(q.approx_word, nil)
  T.eq(q.subject, "矛盾纠纷")
  T.eq(q.text, "全镇全面排查矛盾纠纷798件")
  T.eq(s:sub(q.start, q.stop), q.text)
  T.eq(q.start, 1); T.eq(q.line, 1)
  T.eq(qs[3].subject, "调解成功率"); T.eq(qs[3].unit, "%")
  T.eq(qs[4].approx, true); T.eq(qs[4].approx_word, "超"); T.eq(qs[4].value, 80)
  T.eq(math.type(q.value), "integer")
  T.eq(gw.quantities("投入资金3.5万元")[1].value, 3.5)
  T.eq(#gw.quantities("一是加强学习，增强“四个意识”，2024年，〔2024〕7号，同比增长12%。"), 0)
  T.eq(gw.quantities("开展两次培训，十余次宣传")[2].approx_word, "余")
  T.eq(gw.quantities("确立上下半年2次法治专题集中学习计划")[1].subject, "法治专题集中学习计划")
end)

T.test("sections as subjects give offsets into doc:text()", function()
  local doc = assert(gw.open(CORPUS .. "000_e4f3eb5238560b4d.txt"))
  local sec = doc:part("measures")[1]
  local text = doc:text()
  local qs = gw.quantities(sec)
  T.ok(#qs > 5, "quantities in the first section")
  for _, q in ipairs(qs) do
    T.eq(text:sub(q.start, q.stop), q.text)
    T.eq(select(1, doc:position(q.start)), q.line, "line of a quantity in a section")
  end
  local cs = sec:citations()
  T.ok(#cs >= 3, "citations in the first section")
  for _, c in ipairs(cs) do T.eq(text:sub(c.start, c.stop), "《" .. c.title .. "》") end
end)

T.test("citations: kinds and law names", function()
  local cs = gw.citations("学习《宪法》《中华人民共和国宪法》《法治政府建设实施纲要（2021—2025年）》"
    .. "《高家镇财务管理制度》《习近平法治思想学习纲要》《深刻把握两个确立的决定性意义》")
  T.eq(#cs, 6)
  T.eq(cs[1].law_name, "宪法"); T.eq(cs[2].law_name, "宪法"); T.eq(cs[1].kind, "law")
  T.eq(cs[3].kind, "plan"); T.eq(cs[3].law_name, nil)
  T.eq(cs[4].kind, "internal"); T.eq(cs[5].kind, "book"); T.eq(cs[6].kind, "other")
  T.eq(cs[1].start, 7); T.eq(cs[1].stop, 7 + #"《宪法》" - 1)
end)

T.test("quotes and dates", function()
  local qs = gw.quotes("增强“四个意识”，\n践行“枫桥经验”")
  T.eq(#qs, 2)
  T.eq(qs[1].text, "四个意识"); T.eq(qs[2].text, "枫桥经验"); T.eq(qs[2].line, 2)
  local ds = gw.dates("发文日期：2025-01-17，2025年1月17日印发，2024年度，二〇二五年一月")
  T.eq(#ds, 4)
  T.eq(ds[1].iso, "2025-01-17"); T.eq(ds[1].year, 2025); T.eq(ds[1].month, 1); T.eq(ds[1].day, 17)
  T.eq(ds[2].iso, "2025-01-17"); T.eq(ds[2].text, "2025年1月17日")
  T.eq(ds[3].iso, "2024"); T.eq(ds[3].month, nil)
  T.eq(ds[4].iso, "2025-01")
end)

T.test("meta of the fixtures; nothing guessed from the file name", function()
  local m = assert(gw.open(FIX .. "meta_brackets.txt")).meta
  T.eq(m.doc_number, "渝司发〔2023〕12号"); T.eq(m.date, "2024-01-05")
  T.eq(m.addressee, "区委依法治区办"); T.eq(m.region, "武隆区"); T.eq(m.org, "白马镇")
  T.eq(m.title, "关于白马镇2023年度法治政府建设工作情况的报告"); T.eq(m.year, 2023)
  T.eq(assert(gw.open(FIX .. "meta_paren.txt")).meta.doc_number, "白马委发〔2024〕3号")
  -- a file named after a town, with a text that states nothing
  local dir = os.tmpname()
  os.remove(dir)
  local path = dir .. "高家镇2024年法治政府建设情况报告.txt"
  local f = assert(io.open(path, "wb"))
  f:write(read(FIX .. "meta_none.txt"))
  f:close()
  local none = assert(gw.open(path)).meta
  os.remove(path)
  T.eq(none, {})
end)

T.test("classify_part", function()
  T.eq(gw.classify_part("存在的问题及2025年工作安排"), { "problems", "plans" })
  T.eq(gw.classify_part("附件"), { "other" })
  T.raises(function() gw.classify_part() end, "string")
  T.raises(function() gw.quantities(42) end, "string, document or section")
end)

T.done()
