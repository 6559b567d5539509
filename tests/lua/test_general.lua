-- test_general.lua — extraction on reports shaped like those of other
-- provinces and issuers (tests/fixtures/general): county and district
-- governments, departments, 街道, a joint 委员会 + 政府 report, scraped web
-- pages, 第一部分 headings.  The readings below were written by reading the
-- fixtures, before running the code.
local T = require "check"
local gw = require "gongwen"

local FIX = "tests/fixtures/general/"

-- What a careful reader reads in each fixture.  meta: nil fields are not
-- stated.  parts: the parts of each level-1 section in order.  quantities:
-- {value, unit, approx, subject or nil (not checked)}.  citations: title ->
-- law_name (false: not a law).
local READINGS = {
  county_gov = {
    meta = { title = "关于2023年度法治政府建设情况的报告", org = "清源县", region = "清源县",
             year = 2023, doc_number = "清府发〔2024〕3号", date = "2024-01-15",
             addressee = "市委、市政府" },
    parts = { { "measures" }, { "leadership" }, { "problems" }, { "plans" } },
    quantities = { { 36, "项", false, "行政许可事项" }, { 600, "人次", true },
                   { 150, "卷", false, "行政执法案卷" }, { 98, "%", false }, { 12, "次", false } },
    citations = { ["中华人民共和国行政复议法"] = "行政复议法",
                  ["法治政府建设实施纲要（2021—2025年）"] = false },
  },
  district_justice = {
    meta = { title = "江口区司法局2023年度法治政府建设情况报告", org = "江口区司法局",
             region = "江口区", year = 2023, date = "2024-01-20" },
    parts = { { "measures" }, { "leadership" }, { "problems" }, { "plans" } },
    quantities = { { 86, "个", false }, { 412, "件", false, "法律援助案件" },
                   { 3200, "人次", true }, { 98.2, "%", false, "调解成功率" } },
    citations = { ["中华人民共和国法律援助法"] = "法律援助法" },
  },
  city_market = {
    meta = { title = "宁川市市场监督管理局关于2023年法治政府建设工作情况的报告",
             org = "宁川市市场监督管理局", region = "宁川市", year = 2023, date = "2024-02-08" },
    parts = { { "measures" }, { "problems" }, { "plans" } },
    quantities = { { 320, "户次", false }, { 267, "件", false }, { 480, "万元", false },
                   { 18, "份", false, "合同" } },
    citations = { ["中华人民共和国行政处罚法"] = "行政处罚法", ["优化营商环境条例"] = "优化营商环境条例" },
  },
  tax_parts = {
    meta = { title = "2023年法治税务建设情况报告", org = "江北区税务局", region = "江北区",
             year = 2023, date = "2024-01-31" },
    parts = { { "measures" }, { "problems" }, { "plans" } },
    quantities = { { 96, "件", false }, { 30, "场", true }, { 4.6, "亿元", false },
                   { 1.2, "万户", false } },
    citations = {},
  },
  web_education = {
    meta = { title = "安平县教育局2023年度法治政府建设工作报告", org = "安平县教育局",
             region = "安平县", year = 2023, doc_number = "安教发〔2024〕5号", date = "2024-02-06" },
    parts = { { "measures" }, { "leadership" }, { "problems" }, { "plans" } },
    quantities = { { 300, "场", true, "“宪法晨读”活动" }, { 126, "名", false, "法治副校长" }, { 100, "%", false } },
    citations = { ["中华人民共和国教育法"] = "教育法",
                  ["中华人民共和国未成年人保护法"] = "未成年人保护法" },
  },
  web_street = {
    meta = { title = "长河区人民政府青石街道办事处关于2023年度法治政府建设情况的报告",
             org = "青石街道", region = "长河区", year = 2023, date = "2024-02-28" },
    parts = { { "measures" }, { "problems" }, { "plans" } },
    quantities = { { 11, "个", false }, { 16, "场", false }, { 391, "件", false, "矛盾纠纷" },
                   { 96, "%", false, "化解率" } },
    citations = {},
  },
  joint_county = {
    meta = { title = "关于2023年法治政府建设情况的报告", org = "桐溪县", region = "桐溪县",
             year = 2023, doc_number = "桐委发〔2024〕6号", date = "2024-02-01",
             addressee = "市委依法治市办" },
    parts = { { "measures" }, { "leadership" }, { "problems" }, { "plans" } },
    quantities = { { 28, "个", false }, { 45, "场", false, "“法律明白人”培训" }, { 6, "次", false } },
    citations = {},
  },
  no_year_title = {
    meta = { title = "枫林区应急管理局法治政府建设情况报告", org = "枫林区应急管理局",
             region = "枫林区", year = 2023 },
    parts = { { "measures" }, { "problems", "plans" } },
    quantities = { { 1260, "家次", false }, { 73, "起", false }, { 40, "次", true, "应急演练" } },
    citations = {},
  },
  city_commission = {
    meta = { title = "西江市住房和城乡建设委员会2023年法治政府建设年度报告",
             org = "西江市住房和城乡建设委员会", region = "西江市", year = 2023,
             date = "2024-03-15" },
    parts = { { "measures" }, { "leadership" }, { "problems" }, { "plans" }, { "other" } },
    quantities = { { 23, "件", false }, { 4200, "件", false }, { 3, "次", false } },
    citations = { ["西江市物业管理条例"] = "西江市物业管理条例" },
  },
  banner_sumu = {
    meta = { title = "乌兰旗巴音苏木2023年度法治政府建设工作情况", org = "巴音苏木",
             region = "乌兰旗", year = 2023, date = "2024-01-10" },
    parts = { { "measures" }, { "problems" }, { "plans" } },
    quantities = { { 7, "个", false }, { 25, "场", false }, { 3000, "份", true } },
    citations = {},
  },
  district_gov_web = {
    meta = { title = "静川区2023年度法治政府建设情况报告", org = "静川区", region = "静川区",
             year = 2023, date = "2024-03-28" },
    parts = { { "leadership" }, { "measures" }, { "problems" }, { "plans" }, { "other" } },
    quantities = { { 9, "次", false }, { 100, "%", false, "行政机关负责人出庭应诉率" }, { 58, "件", false } },
    citations = {},
  },
  bare_dept = {
    meta = { title = "区教育局2023年法治政府建设工作总结", org = "区教育局",
             doc_number = "区教发〔2024〕2号", year = 2023, date = "2024-02-05" },
    parts = { { "measures" }, { "problems" }, { "plans" } },
    quantities = { { 45, "名", false, "法律顾问" }, { 120, "场", true }, { 3, "万人次", true } },
    citations = {},
  },
  web_city_gov = {
    meta = { title = "宁州市人民政府关于2023年度法治政府建设情况的报告", org = "宁州市",
             region = "宁州市", year = 2023, doc_number = "宁政发〔2024〕8号", date = "2024-03-20",
             addressee = "省人民政府" },
    parts = { { "measures" }, { "leadership" }, { "problems" }, { "plans" } },
    quantities = { { 17, "件", false, "行政规范性文件" }, { 18.5, "%", false, "行政复议案件直接纠错率" },
                   { 6, "次", false } },
    citations = {},
  },
}

local FIELDS = { "title", "org", "region", "year", "doc_number", "date", "addressee" }

local function open(name) return assert(gw.open(FIX .. name .. ".txt")) end

-- Collects every mismatch of a fixture so one run shows them all.
local function check_all(name, mismatches)
  T.ok(#mismatches == 0, name .. ":\n  " .. table.concat(mismatches, "\n  "))
end

local function show(v) return type(v) == "string" and string.format("%q", v) or tostring(v) end

local names = {}
for name in pairs(READINGS) do names[#names + 1] = name end
table.sort(names)

for _, name in ipairs(names) do
  local want = READINGS[name]
  T.test(name .. ": meta", function()
    local m, bad = open(name).meta, {}
    for _, k in ipairs(FIELDS) do
      if m[k] ~= want.meta[k] then
        bad[#bad + 1] = string.format("meta.%s = %s, want %s", k, show(m[k]), show(want.meta[k]))
      end
    end
    check_all(name, bad)
  end)
  T.test(name .. ": parts of the level-1 sections", function()
    local bad, secs = {}, open(name):outline().children
    if #secs ~= #want.parts then bad[#bad + 1] = "level-1 sections: " .. #secs .. ", want " .. #want.parts end
    for i, s in ipairs(secs) do
      local got = table.concat(s.parts, "+")
      local exp = want.parts[i] and table.concat(want.parts[i], "+")
      if got ~= exp then bad[#bad + 1] = string.format("%s: %s, want %s", s.title, got, show(exp)) end
      if s.part ~= s.parts[1] then bad[#bad + 1] = s.title .. ": part is not parts[1]" end
    end
    check_all(name, bad)
  end)
  T.test(name .. ": quantities", function()
    local doc, bad = open(name), {}
    local qs = gw.quantities(doc)
    for _, w in ipairs(want.quantities) do
      local hit
      for _, q in ipairs(qs) do
        if q.value == w[1] and q.unit == w[2] then hit = q; break end
      end
      if not hit then
        bad[#bad + 1] = "no quantity " .. w[1] .. w[2]
      else
        if hit.approx ~= w[3] then bad[#bad + 1] = w[1] .. w[2] .. ": approx " .. tostring(hit.approx) end
        if w[4] and hit.subject ~= w[4] then
          bad[#bad + 1] = string.format("%s%s: subject %s, want %s", w[1], w[2], show(hit.subject), show(w[4]))
        end
      end
    end
    -- years, dates, document numbers are never quantities
    for _, q in ipairs(qs) do
      if q.unit == "年" or q.unit == "号" or (q.value >= 2020 and q.value <= 2025 and q.unit ~= "件") then
        bad[#bad + 1] = "not a quantity: " .. q.text
      end
    end
    check_all(name, bad)
  end)
  T.test(name .. ": citations", function()
    local bad, seen = {}, {}
    for _, c in ipairs(gw.citations(open(name))) do seen[c.title] = c end
    for title, law in pairs(want.citations) do
      local c = seen[title]
      if not c then bad[#bad + 1] = "no citation " .. title
      elseif (c.law_name or false) ~= law then
        bad[#bad + 1] = string.format("%s: law_name %s, want %s", title, show(c.law_name), show(law))
      end
    end
    check_all(name, bad)
  end)
end

-- Level-1 headings as other reports word them, and their parts.
local HEADINGS = {
  ["2023年度推进法治政府建设的主要举措和成效"] = "measures",
  ["推进法治建设的主要举措和突出成效"] = "measures",
  ["基本情况和主要成效"] = "measures",
  ["2025年推进法治政府建设总体情况"] = "measures",
  ["2022年法治政府建设主要措施"] = "measures",
  ["主要工作及成效"] = "measures",
  ["一年来的主要工作"] = "measures",
  ["2023年工作开展情况"] = "measures",
  ["法治政府建设推进情况"] = "measures",
  ["以思想引领为先导，在深学笃行中凝聚法治共识"] = "measures",
  ["强化组织领导,提升法治意识"] = "measures",
  ["区政府主要负责同志履行推进法治建设第一责任人职责情况"] = "leadership",
  ["党政主要负责人履行推进法治建设第一责任人职责工作情况"] = "leadership",
  ["党政主要负责人履职情况"] = "leadership",
  ["2023年度推荐法治政府建设存在的不足和原因"] = "problems",
  ["法治政府建设存在的不足"] = "problems",
  ["法治政府建设存在的主要问题"] = "problems",
  ["存在的困难和不足"] = "problems",
  ["存在的短板弱项"] = "problems",
  ["下一步工作安排"] = "plans",
  ["2025年工作打算"] = "plans",
  ["2024年工作重点"] = "plans",
  ["2024年法治政府建设计划"] = "plans",
  ["下一年度推进法治政府建设的主要安排"] = "plans",
  ["存在问题及改进措施"] = "problems+plans",
  ["存在的问题及2024年工作打算"] = "problems+plans",
  ["其他需要报告的情况"] = "other",
  ["意见和建议"] = "other",
}

T.test("classify_part: headings as other reports word them", function()
  local bad = {}
  for heading, want in pairs(HEADINGS) do
    local got = table.concat(gw.classify_part(heading), "+")
    if got ~= want then bad[#bad + 1] = string.format("%s: %s, want %s", heading, got, want) end
  end
  table.sort(bad)
  check_all("headings", bad)
end)

-- Short texts: the issuer where only one place names it, and what is no issuer.
local ORGS = {
  { "2023年法治政府建设工作报告\n2023年，丰都县司法局坚持以习近平法治思想为指导，全面推进依法行政。\n一、主要举措\n",
    "丰都县司法局", "丰都县" },
  { "2023年法治政府建设工作报告\n2023年，在县委县政府的坚强领导下，我局全面推进依法行政。\n一、主要举措\n",
    nil, nil },
  { "标题: | 清水县人民政府关于2023年度法治政府建设情况的报告 | |\n发文日期: | 2024-01-08 | 发布机构: | 清水县人民政府办公室 |\n",
    "清水县", "清水县" },
  { "长沙市天心区人民政府关于2023年度法治政府建设情况的报告\n", "天心区", "天心区" },
  { "中共静川区委　静川区人民政府\n关于2023年度法治政府建设情况的报告\n2023年，全区上下全面推进法治政府建设。\n",
    "静川区", "静川区" },
  { "北岭县人力资源和社会保障局\n2023年度法治政府建设工作报告\n", "北岭县人力资源和社会保障局", "北岭县" },
  { "广东省市场监督管理局关于2023年度法治政府建设情况的报告\n", "广东省市场监督管理局", "广东省" },
  { "2023年法治政府建设情况报告\n2023年，全区社区矫正工作平稳，全县11个社区均配备法律顾问。\n", nil, nil },
  -- autonomous areas: names longer than four characters before 自治县
  { "长阳土家族自治县人民政府关于2023年法治政府建设情况的报告\n", "长阳土家族自治县", "长阳土家族自治县" },
  { "峨边彝族自治县黑竹沟镇2023年法治政府建设情况报告\n", "黑竹沟镇", "峨边彝族自治县" },
  { "广西壮族自治区司法厅2023年法治政府建设情况报告\n", "广西壮族自治区司法厅", "广西壮族自治区" },
  -- the addressee line names no issuer; the signature does
  { "2023年法治政府建设工作报告\n市司法局：\n　　2023年，我局全面推进依法行政，现报告如下。\n一、主要举措\n开展活动3场。\n\n宁远县教育局\n2024年1月2日\n",
    "宁远县教育局", "宁远县" },
}

T.test("meta: issuers named in one place only", function()
  local bad = {}
  for _, c in ipairs(ORGS) do
    local m = gw.meta(c[1])
    if m.org ~= c[2] or m.region ~= c[3] then
      bad[#bad + 1] = string.format("%s: %s/%s, want %s/%s", c[1]:match("^[^\n]*"), show(m.org),
        show(m.region), show(c[2]), show(c[3]))
    end
  end
  check_all("orgs", bad)
end)

T.test("meta: a signature with the date on the issuer's line", function()
  local m = gw.meta("江口区司法局2023年度法治政府建设情况报告\n2023年，我局推进依法行政。\n"
    .. "一、主要举措\n开展活动3场。\n\n江口区司法局　　2024年1月20日\n")
  T.eq(m.date, "2024-01-20")
  T.eq(m.org, "江口区司法局")
end)

T.done()
