-- test_extract_fast.lua — result tables built the fast way (strings shared
-- through a cache from 64 results on, lines counted by the extractors) are
-- the same plain tables as for small subjects, on strings, documents and
-- sections, and cjson sees every field.
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

local function keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  return table.concat(ks, " ")
end

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

T.done()
