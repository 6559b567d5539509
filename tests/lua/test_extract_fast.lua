-- test_extract_fast.lua — result tables built the fast way (strings shared
-- through a cache from 64 results on, lines counted by the extractors) are
-- the same plain tables as for small subjects, on strings, documents and
-- sections, and cjson sees every field; large subjects stream their results.
local T = require "check"
local gw = require "gongwen"

-- One paragraph: 9 quantities (one approximate, one with a subject over 40
-- bytes), 3 citations (2 of the same law), on 2 lines.
local para = "全面排查矛盾纠纷798件，成功调解798件，调解成功率达100%，开展法治宣传活动30余场。\n"
  .. "学习《宪法》《中华人民共和国宪法》《高家镇财务管理制度》，覆盖群众2000人，"
  .. "法治政府建设示范创建专题培训工作会议3次，调解点178个，新增专职调解员5名，参加率95.5%。\n"

local COPIES = 40 -- 360 quantities, 120 citations: past the cache threshold

local function lines_before(s, pos)
  local _, n = s:sub(1, pos - 1):gsub("\n", "")
  return n + 1
end

local keys = T.keys

-- The results of one copy, as found on the paragraph alone (few results:
-- no cache), shifted by the copy's offset and lines.
local function shifted(r, offset, lines)
  local t = {}
  for k, v in pairs(r) do t[k] = v end
  t.start, t.stop, t.line = r.start + offset, r.stop + offset, r.line + lines
  return t
end

T.test("quantities of many copies equal those of one, shifted", function()
  local one = gw.quantities(para)
  T.eq(#one, 9)
  T.eq(one[4].approx_word, "余")
  T.eq(one[6].subject, "法治政府建设示范创建专题培训工作会议") -- 54 bytes: a long string
  local big = para:rep(COPIES)
  local all = gw.quantities(big)
  T.eq(#all, 9 * COPIES)
  for c = 0, COPIES - 1 do
    for i, q in ipairs(one) do
      local got = all[c * 9 + i]
      T.eq(got, shifted(q, c * #para, c * 2), "quantity " .. i .. " of copy " .. c)
      T.eq(got.text, big:sub(got.start, got.stop))
      T.eq(got.line, lines_before(big, got.start))
      T.eq(math.type(got.value), math.type(q.value))
    end
  end
end)

T.test("citations of many copies equal those of one, shifted", function()
  local one = gw.citations(para)
  T.eq(#one, 3)
  T.eq({ one[1].law_name, one[2].law_name, one[3].law_name, one[3].kind }, { "宪法", "宪法", nil, "internal" })
  local big = para:rep(COPIES)
  local all = gw.citations(big)
  T.eq(#all, 3 * COPIES)
  for c = 0, COPIES - 1 do
    for i, x in ipairs(one) do
      local got = all[c * 3 + i]
      T.eq(got, shifted(x, c * #para, c * 2), "citation " .. i .. " of copy " .. c)
      T.eq("《" .. got.title .. "》", big:sub(got.start, got.stop))
      T.eq(got.line, lines_before(big, got.start))
    end
  end
  local quotes = gw.quotes(("“法律明白人”\n"):rep(100))
  T.eq(#quotes, 100)
  T.eq({ quotes[100].text, quotes[100].line, quotes[100].start }, { "法律明白人", 100, 99 * 22 + 1 })
end)

T.test("documents and sections: offsets into doc:text(), lines of the document", function()
  local text = "一、基本情况\n" .. para:rep(10) .. "二、主要举措\n" .. para:rep(COPIES)
  local doc = assert(gw.parse(text))
  T.eq(doc:text(), text)
  local whole = gw.quantities(doc)
  T.eq(#whole, 9 * (10 + COPIES))
  for _, q in ipairs(whole) do
    T.eq(q.text, text:sub(q.start, q.stop))
    T.eq(q.line, lines_before(text, q.start))
  end
  local sec = doc:section("2")
  local qs = sec:quantities()
  T.eq(#qs, 9 * COPIES)
  for i, q in ipairs(qs) do T.eq(q, whole[9 * 10 + i], "section quantity " .. i) end
  local cs = gw.citations(sec)
  T.eq(#cs, 3 * COPIES)
  T.eq(cs[1].line, 2 + 2 * 10 + 1 + 1) -- the heading, 10 copies, the next heading, line 1 of a copy
  T.eq(cs[#cs].line, lines_before(text, cs[#cs].start))
end)

T.test("results are plain tables: pairs, #, cjson", function()
  local all = gw.quantities(para:rep(COPIES))
  T.eq(getmetatable(all), nil)
  T.eq(getmetatable(all[1]), nil)
  T.eq(keys(all[4]), "approx approx_word line number start stop subject text unit value")
  T.eq(keys(all[1]), "approx line number start stop subject text unit value")
  local ok, cjson = pcall(require, "cjson")
  if ok then
    local back = cjson.decode(cjson.encode(all))
    T.eq(#back, #all)
    T.eq(back[#back], all[#all])
    T.eq(back[4].approx_word, "余")
  end
  local cs = gw.citations(para:rep(COPIES))
  T.eq(keys(cs[1]), "kind law_name line start stop title")
  T.eq(keys(cs[3]), "kind line start stop title")
end)

-- Large subjects (over 1 MiB) are built in a protected call while the scan
-- streams them, the collector paused from 4096 results on: the same plain
-- tables as for a small subject, and the collector running again
-- afterwards, also when the build fails halfway (an injected error stands
-- in for running out of memory).
local BIG_COPIES = 3200 -- 1.1 MB: 28,800 quantities, 9,600 citations
local big = para:rep(BIG_COPIES)
local FAIL_AT = "gongwen.extract_fail_at"


-- all equals the results of unit (one copy) repeated, shifted by each
-- copy's offset and lines, after base_offset bytes and base_line lines
local function check_copies(all, one, unit, base_offset, base_line)
  local _, lines = unit:gsub("\n", "")
  T.eq(#all, #one * BIG_COPIES)
  for c = 0, BIG_COPIES - 1 do
    for i, x in ipairs(one) do
      local got = all[c * #one + i]
      local want = shifted(x, base_offset + c * #unit, base_line + c * lines)
      if not T.deep_eq(got, want) then T.eq(got, want, "result " .. i .. " of copy " .. c) end
    end
  end
end

T.test("large subjects: the same tables as a small one, collector running after", function()
  T.ok(#big > (1 << 20), "the subject is over 1 MiB")
  T.ok(collectgarbage("isrunning"))
  check_copies(gw.quantities(big), gw.quantities(para), para, 0, 0)
  T.ok(collectgarbage("isrunning"), "running after gw.quantities")
  check_copies(gw.citations(big), gw.citations(para), para, 0, 0)
  local terms = ("“法律明白人”，“一站式”服务，“枫桥经验”推广，“八五”普法宣传全面开展，“谁执法谁普法”落实。"):rep(3) .. "\n"
  check_copies(gw.quotes(terms:rep(BIG_COPIES)), gw.quotes(terms), terms, 0, 0)
  T.ok(collectgarbage("isrunning"), "running after gw.citations")
  local day = "2025年1月17日印发，二〇二四年十二月。" .. ("按时报送。"):rep(40) .. "\n" -- 2 dates
  local dates = gw.dates(day:rep(BIG_COPIES))
  T.ok(#day * BIG_COPIES > (1 << 20), "the dates' subject is over 1 MiB")
  check_copies(dates, gw.dates(day), day, 0, 0)
  T.eq({ dates[#dates].iso, dates[#dates].line }, { "2024-12", BIG_COPIES })
  T.ok(collectgarbage("isrunning"), "running after gw.dates")
end)

T.test("large documents and sections: offsets into doc:text(), lines of the document", function()
  local head = "一、基本情况\n"
  local doc = assert(gw.parse(head .. big))
  check_copies(gw.quantities(doc), gw.quantities(para), para, #head, 1)
  local sec = doc:section("1")
  check_copies(sec:citations(), gw.citations(para), para, #head, 1)
end)

T.test("an error halfway: raised, and the collector restarted", function()
  local reg = debug.getregistry()
  for _, at in ipairs({ 100, 4096, 5000, 9 * BIG_COPIES }) do -- before, at and after the pause; the last result
    reg[FAIL_AT] = at
    T.raises(function() gw.quantities(big) end, "failure injected at result " .. at)
    reg[FAIL_AT] = nil
    T.ok(collectgarbage("isrunning"), "running after an error at result " .. at)
  end
  reg[FAIL_AT] = 5000
  T.raises(function() gw.citations(big) end, "failure injected at result 5000")
  reg[FAIL_AT] = nil
  T.ok(collectgarbage("isrunning"), "running after an error in gw.citations")
  T.eq(#gw.quantities(big), 9 * BIG_COPIES) -- and nothing left behind
end)

T.test("a collector stopped by the script stays stopped", function()
  local reg = debug.getregistry()
  collectgarbage("stop")
  T.eq(#gw.quantities(big), 9 * BIG_COPIES)
  local stopped = not collectgarbage("isrunning")
  reg[FAIL_AT] = 5000
  local failed = not pcall(gw.quantities, big)
  reg[FAIL_AT] = nil
  local still = not collectgarbage("isrunning")
  collectgarbage("restart")
  T.ok(stopped, "stopped after a build")
  T.ok(failed, "the injected error was raised")
  T.ok(still, "stopped after an error")
end)

T.test("the string cache: short strings (compared by hash alone) and long ones stay apart", function()
  -- numbers 1..6000 (1 to 4 bytes), units and subjects that differ in one
  -- byte, each in its own clause: every string must come back as written
  local units = { "件", "次", "场", "个", "份", "名", "人次", "学时" }
  local stems = { "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸" }
  local parts, want = {}, {}
  for n = 1, 6000 do
    local u = units[n % #units + 1]
    local subject = "调解点" .. stems[n % #stems + 1] .. stems[n // #stems % #stems + 1]
    parts[n] = subject .. n .. u .. "，"
    want[n] = { n, u, subject }
  end
  local got = gw.quantities(table.concat(parts))
  T.eq(#got, 6000)
  local bad = 0
  for n, q in ipairs(got) do
    if q.value ~= want[n][1] or q.number ~= tostring(want[n][1]) or q.unit ~= want[n][2]
      or q.subject ~= want[n][3] then
      bad = bad + 1
    end
  end
  T.eq(bad, 0)
end)

T.test("small subjects ignore the injected error (no protected call below 1 MiB)", function()
  local reg = debug.getregistry()
  reg[FAIL_AT] = 1
  local ok, n = pcall(function() return #gw.quantities(para:rep(100)) end)
  reg[FAIL_AT] = nil
  T.eq({ ok, n }, { true, 900 })
end)

T.done()
