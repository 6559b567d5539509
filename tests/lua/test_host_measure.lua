-- test_host_measure.lua — the indicator machinery of scripts/common.lua that
-- summary and compare run on every report: clauses cut without copying the
-- text (common.clause_of), rules read in one pass (common.measure) and the
-- shared directory taken off file names (common.shorten_files).  Expected
-- values are written by hand; common.clause, the plain reference, is only
-- compared with over the real reports.
local T = require "check"
package.path = "scripts/?.lua;" .. package.path
local gw = require "gongwen"
local common = require "common"

-- Bytes [start, stop] of the first `span` in text (1-based, inclusive).
local function span_of(text, span)
  local s, e = text:find(span, 1, true)
  assert(s, "no " .. span .. " in the text")
  return s, e
end

local function clause(text, span)
  local doc = assert(gw.parse(text))
  return common.clause_of(doc, span_of(text, span))
end

T.test("clause_of: between marks, at the start and at the end of the text", function()
  local text = "全年调解矛盾纠纷75件，开展法治宣传活动26场；调解成功率达100%。培训3次"
  T.eq(clause(text, "调解矛盾纠纷75件"), "全年调解矛盾纠纷75件", "from the start of the text")
  T.eq(clause(text, "法治宣传活动26场"), "开展法治宣传活动26场", "verb before the span")
  T.eq(clause(text, "调解成功率达100%"), "调解成功率达100%", "span right between marks")
  T.eq(clause(text, "培训3次"), "培训3次", "to the end of the text")
end)

T.test("clause_of: ASCII marks, newlines and every full-width mark", function()
  T.eq(clause("a,调解5件;b", "调解5件"), "调解5件")
  T.eq(clause("标题\n共调解7件\n", "调解7件"), "共调解7件")
  for _, mark in ipairs({ "，", "。", "；", "：", "、", "！", "？" }) do
    T.eq(clause("甲" .. mark .. "乙调解2件" .. mark .. "丙", "调解2件"), "乙调解2件", "mark " .. mark)
  end
  -- Characters that share bytes with the marks are not marks: （ is EF BC 88, 《 is E3 80 8A.
  T.eq(clause("（甲）调解4件《乙》", "调解4件"), "（甲）调解4件《乙》")
end)

T.test("clause_of: the last mark far before the number (past the near window)", function()
  local lead = string.rep("很", 30) -- 90 bytes without a mark
  T.eq(clause("前言。" .. lead .. "调解8件。", "调解8件"), lead .. "调解8件")
  -- An ASCII byte shifts the window start into the middle of a character.
  local odd = "x" .. string.rep("好", 21)
  T.eq(clause("前言。" .. odd .. "调解9件。", "调解9件"), odd .. "调解9件")
  -- No mark at all before it: the clause starts 600 bytes before the number.
  local long = string.rep("长", 250) -- 750 bytes
  local got = clause(long .. "调解6件", "调解6件")
  T.eq(#got, 600 + #"调解6件", "bytes")
  T.eq(got, string.rep("长", 200) .. "调解6件")
end)

T.test("clause_of: marks inside the span do not cut it", function()
  T.eq(clause("开展培训1,200人次。", "培训1,200人次"), "开展培训1,200人次")
end)

T.test("clause_of agrees with common.clause on every quantity of the real reports", function()
  local paths = {}
  for _, dir in ipairs({ T.shared .. "/corpus", "sample" }) do
    for doc, path in gw.corpus({ dir }, { encoding = "auto", on_error = function() end }) do
      paths[#paths + 1] = path
      local text = doc:text()
      for _, q in ipairs(gw.quantities(doc)) do
        local want = common.clause(doc, text, q.start, q.stop)
        T.eq(common.clause_of(doc, q.start, q.stop), want, path .. " byte " .. q.start)
      end
    end
  end
  T.ok(#paths >= 11, "reports read: " .. #paths)
end)

---------------------------------------------------------------- measure

local TEXT = "全年受理信访5件，调解矛盾纠纷75件，调解成功率达98.5％，开展法治宣传活动26场，组织培训3次。\n"
  .. "法律顾问实现全覆盖。"

-- Quantities as gw.quantities gives them, written by hand so these tests do
-- not depend on the extractor: { span, value, unit }.
local function quantities(doc, text, list)
  local qs = {}
  for i, q in ipairs(list) do
    local s, e = span_of(text, q[1])
    qs[i] = { value = q[2], unit = q[3], approx = false, line = 1, start = s, stop = e, text = q[1] }
  end
  return qs
end

local function measure(rules)
  local doc = assert(gw.parse(TEXT))
  local qs = quantities(doc, TEXT, {
    { "信访5件", 5, "件" }, { "矛盾纠纷75件", 75, "件" }, { "调解成功率达98.5％", 98.5, "％" },
    { "法治宣传活动26场", 26, "场" }, { "培训3次", 3, "次" },
  })
  return common.measure(doc, rules, qs)
end

local function summary_rules()
  local env = setmetatable({}, { __index = _G })
  assert(loadfile("scripts/summary.lua", "t", env))()
  return env.RULES
end

T.test("measure: the summary's rules, each from its first matching quantity", function()
  local found = measure(summary_rules())
  T.eq(found.mediation, { value = 75, unit = "件", approx = false, line = 1, text = "调解矛盾纠纷75件" })
  T.eq(found.success_rate.value, 98.5, "full-width ％ counts as %")
  T.eq(found.success_rate.text, "调解成功率达98.5％")
  T.eq(found.publicity.value, 26)
  T.eq(found.publicity.text, "开展法治宣传活动26场")
  T.eq(found.trainings.value, 3)
  T.eq(found.counsel, { value = 100, unit = "%", approx = false, line = 2, text = "法律顾问实现全覆盖" },
    "the phrase, when no quantity matched")
end)

T.test("measure: plain words, regexes, any unit, and rules nothing matches", function()
  local found = measure({
    { "visits", "信访", "件" },                 -- one plain word
    { "either", "没有|纠纷", "件|起" },        -- plain words, the second matches
    { "many", "甲|乙|丙|宣传", "场" },          -- four words: the regex path
    { "regex", "调解.功率", "%" },              -- regex syntax
    { "any", "培训" },                          -- no unit: any quantity
    { "empty", "", "次" },                      -- an empty pattern matches every clause
    { "absent", "仲裁", "件" },
    { "wrong_unit", "培训", "件" },
  })
  T.eq(found.visits.value, 5)
  T.eq(found.either.value, 75)
  T.eq(found.many.value, 26)
  T.eq(found.regex.value, 98.5)
  T.eq(found.any.value, 3)
  T.eq(found.empty.value, 3)
  T.eq(found.absent, nil)
  T.eq(found.wrong_unit, nil)
end)

T.test("measure: of two rules with one name the last decides, as before", function()
  T.eq(measure({ { "x", "调解", "件" }, { "x", "仲裁", "件" } }).x, nil)
  T.eq(measure({ { "x", "仲裁", "件" }, { "x", "调解", "件" } }).x.value, 75)
end)

T.test("measure: a rules table changed after use is read again", function()
  local rules = { { "m", "调解", "件" } }
  T.eq(measure(rules).m.value, 75)
  rules[1][2], rules[1][3] = "培训", "次"
  T.eq(measure(rules).m.value, 3)
  rules[2] = { "n", "宣传", "场" }
  T.eq(measure(rules).n.value, 26)
end)

T.test("measure: a bad pattern raises", function()
  T.raises(function() measure({ { "bad", "调(解", "件" } }) end, "missing closing parenthesis")
end)

---------------------------------------------------------------- shorten_files

T.test("shorten_files: the directory all files share is taken off", function()
  local function short(list)
    local results = {}
    for i, p in ipairs(list) do results[i] = { file = p } end
    common.shorten_files(results)
    local out = {}
    for i, r in ipairs(results) do out[i] = r.file end
    return out
  end
  T.eq(short({ "a/x.txt", "a/b/y.txt" }), { "x.txt", "b/y.txt" })
  T.eq(short({ "x.txt", "a/y.txt" }), { "x.txt", "a/y.txt" })
  T.eq(short({ "/t/a/x", "/t/b/y", "/t/a/z" }), { "a/x", "b/y", "a/z" })
  T.eq(short({ "/t/a/x", "/t/a/y", "/t/a/b/z", "/t/a/w" }), { "x", "y", "b/z", "w" })
  T.eq(short({ "abc/x", "ab/y" }), { "abc/x", "ab/y" }, "a shared name start is not a directory")
  T.eq(short({ "r/only.txt" }), { "only.txt" })
  T.eq(short({}), {})
end)

T.done()
