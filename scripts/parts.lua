-- parts: the text of one part of each report (problems, measures, ...), one record per item
--
--   gongwen parts REPORTS... [--part problems|measures|leadership|plans|other] [--format ...] [-o FILE]
--
-- The part's sections come from doc:part(NAME).  A section with subsections
-- gives one record per subsection (its heading, and its text below the
-- heading); one without gives one record per 一是/二是 item of its body, or
-- else one per paragraph.  Columns: file, org, year, section, n, heading, text.
local report = require "gongwen.report"
local common = require "common"

about = "for each report, the text of a chosen part (--part problems), one record per item"
options = {
  { "part", arg = "NAME", default = "problems",
    choices = { "problems", "measures", "leadership", "plans", "other" },
    help = "which part of the reports" },
}

-- Without spaces at either end, the ideographic space U+3000 included.
local function trim(s)
  local before
  repeat
    before = s
    s = s:gsub("^%s+", ""):gsub("%s+$", ""):gsub("^\u{3000}", ""):gsub("\u{3000}$", "")
  until s == before
  return s
end

local function heading_of(sec)
  return (sec.label or "") .. (sec.title or "")
end

local function item_text(item)
  if type(item) == "table" then return item.text end
  return tostring(item)
end

-- The body of sec before its first subsection (all of it when it has none).
local function intro(sec)
  local body, first = sec:body(), sec.children[1]
  if not first then return body end
  local heading_len = #sec:text() - #body
  return sec:text():sub(heading_len + 1, first.start - sec.start)
end

-- The records of one section of the part, appended to out: the items (or else
-- the paragraphs) of the text before its subsections, then one per subsection.
-- (A section that is both problems and plans, 存在的问题及2025年工作安排, often
-- states the problems as items and the plans as subsections.)
local function records(sec, out)
  local first = sec.children[1]
  local items = 0
  for _, item in ipairs(sec:items()) do
    if not first or type(item) ~= "table" or not item.start or item.start < first.start then
      out[#out + 1] = { heading = "", text = trim(item_text(item)) }
      items = items + 1
    end
  end
  if items == 0 then
    for paragraph in intro(sec):gmatch("[^\n]+") do
      paragraph = trim(paragraph)
      if paragraph ~= "" then out[#out + 1] = { heading = "", text = paragraph } end
    end
  end
  for _, child in ipairs(sec.children) do
    local body = trim(child:body())
    out[#out + 1] = { heading = heading_of(child), text = body ~= "" and body or child.title or "" }
  end
end

function map(doc, opts)
  local rows = {}
  for _, sec in ipairs(doc:part(opts.part)) do
    local list = {}
    records(sec, list)
    for _, rec in ipairs(list) do
      rec.section = heading_of(sec)
      rows[#rows + 1] = rec
    end
  end
  for i, row in ipairs(rows) do row.n = i end
  local meta = doc.meta
  return { file = doc.path or doc.name, org = meta.org, year = meta.year, rows = rows }
end

function reduce(results, opts)
  local rows = common.gather_rows(results, { "org", "year" })
  report.write(rows, report.options(opts, {
    columns = { "file", "org", "year", "section", "n", "heading", "text" },
    chart = false, title = "gongwen parts: " .. opts.part,
  }))
end
