-- test_outline_views.lua — Section views of documents with many sections:
-- one object per section however it is reached (root.children, doc:section,
-- .parent, doc:sections()), fields as in the text, and views that stay
-- valid across garbage collections and fail cleanly once the document is closed.
local T = require "check"
local gw = require "gongwen"

-- 8 lines, 4 headings; every copy restarts at 一、.
local BLOCK = "一、总体要求\n" ..
              "坚持依法行政，推进法治政府建设。\n" ..
              "（一）加强组织领导\n" ..
              "成立工作领导小组。\n" ..
              "（二）完善制度体系\n" ..
              "修订规范性文件。\n" ..
              "二、存在问题\n" ..
              "执法队伍建设有待加强。\n"
local COPIES = 3000

T.test("root.children: a real array of the cached views", function()
  local doc = assert(gw.parse(BLOCK:rep(COPIES)))
  local root = doc:outline()
  local kids = root.children
  T.eq(type(kids), "table")
  T.eq(#kids, 2 * COPIES)
  T.eq(getmetatable(kids), nil, "a plain table")
  local bad = 0
  for i = 1, #kids, 2 do
    local b = (i - 1) // 2  -- copy number
    local a, z = kids[i], kids[i + 1]
    if not (a.label == "一、" and a.title == "总体要求" and a.line == 8 * b + 1 and a.level == 1 and
            z.label == "二、" and z.title == "存在问题" and z.line == 8 * b + 7 and a.number == 1 and
            z.number == 2 and a.path == tostring(i) and rawequal(a.parent, root)) then
      bad = bad + 1
    end
    if not rawequal(doc:section(tostring(i)), a) then bad = bad + 1 end
  end
  T.eq(bad, 0, "blocks that differ")
  T.ok(rawequal(root.children[1], kids[1]), "a second children table holds the same views")
  local sub = kids[2 * COPIES - 1].children
  T.eq(#sub, 2)
  T.eq(sub[2].label, "（二）")
  T.eq(sub[2].path, (2 * COPIES - 1) .. ".2")
  T.ok(rawequal(sub[2].parent, kids[2 * COPIES - 1]), "parent of a child")
  T.ok(rawequal(doc:section((2 * COPIES - 1) .. ".2"), sub[2]), "by path")
end)

T.test("doc:sections() walks the same objects in document order", function()
  local doc = assert(gw.parse(BLOCK:rep(50)))
  local kids = doc:outline().children
  local n, top, bad = 0, 0, 0
  for s in doc:sections() do
    n = n + 1
    if s.level == 1 then
      top = top + 1
      if not rawequal(s, kids[top]) then bad = bad + 1 end
    end
  end
  T.eq(n, 4 * 50)
  T.eq(top, 2 * 50)
  T.eq(bad, 0)
  T.eq(#doc:diagnostics(), 49)
  T.eq(doc:diagnostics()[1], {line = 9, message = "numbering restarts at 一、 after 二、"})
end)

T.test("views survive collections; a closed document's views raise", function()
  local doc = assert(gw.parse(BLOCK:rep(200)))
  local kids = doc:outline().children
  local last = kids[#kids]
  kids = nil
  collectgarbage(); collectgarbage()
  T.eq(last.title, "存在问题")
  T.eq(last.line, 8 * 199 + 7)
  T.ok(rawequal(doc:outline().children[400], last), "the same view after a collection")
  doc:close()
  T.raises(function() return last.title end, "closed")
  T.raises(function() return last.children end, "closed")
end)

T.test("a document without headings: an empty children array", function()
  local doc = assert(gw.parse("没有标题的一段正文，写得很长，也没有编号。\n"))
  local root = doc:outline()
  T.eq(root.children, {})
  T.eq(root.level, 0)
end)

T.done()
