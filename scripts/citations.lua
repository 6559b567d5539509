-- citations: the laws and documents cited (《…》), counted per report or across the corpus
--
--   gongwen citations REPORTS... [--by corpus|report] [--kind KIND]... [--format ...] [-o FILE]
--
-- Citations are grouped by law_name, so 《宪法》 and 《中华人民共和国宪法》 are one
-- law; other titles are grouped as written.  --by corpus (default): one row per
-- law or document: citation (the spelling most used), law_name, kind (law,
-- plan, internal, book), count (times cited), reports (how many cite it).
-- --by report: one row per report and citation: file, org, year, citation,
-- law_name, kind, count.  --kind keeps only citations of that kind.
local gw = gw or require "gongwen"
local report = require "gongwen.report"
local common = require "common"

about = "laws and documents cited, with counts per report and across the corpus"
options = {
  { "by", arg = "WHAT", default = "corpus", choices = { "corpus", "report" },
    help = "count across the corpus or per report" },
  { "kind", arg = "KIND", multiple = true, help = "only citations of this kind (law, plan, internal, book; repeatable)" },
}

-- The citations of one report grouped by key, in order of first citation.
function map(doc, opts)
  local kinds
  if opts.kind then
    kinds = {}
    for _, k in ipairs(opts.kind) do kinds[k] = true end
  end
  local groups, order = {}, {}
  for _, c in ipairs(gw.citations(doc)) do
    if not kinds or kinds[c.kind] then
      local key = c.law_name or c.title
      local g = groups[key]
      if not g then
        g = { key = key, law_name = c.law_name, kind = c.kind, count = 0, spellings = {} }
        groups[key] = g; order[#order + 1] = g
      end
      g.count = g.count + 1
      g.spellings[c.title] = (g.spellings[c.title] or 0) + 1
    end
  end
  local meta = doc.meta
  return { file = doc.path or doc.name, org = meta.org, year = meta.year, groups = order }
end

-- The spelling cited most often (ties: the first in code-point order).
local function usual_spelling(spellings)
  local best, most
  for title, n in pairs(spellings) do
    if not most or n > most or (n == most and title < best) then best, most = title, n end
  end
  return best
end

local function by_count(a, b)
  if a.count ~= b.count then return a.count > b.count end
  if (a.reports or 0) ~= (b.reports or 0) then return (a.reports or 0) > (b.reports or 0) end
  return a.key < b.key
end

local function corpus_rows(results)
  local all, list = {}, {}
  for _, r in ipairs(results) do
    for _, g in ipairs(r.groups) do
      local t = all[g.key]
      if not t then
        t = { key = g.key, law_name = g.law_name, kind = g.kind, count = 0, reports = 0, spellings = {} }
        all[g.key] = t; list[#list + 1] = t
      end
      t.count, t.reports = t.count + g.count, t.reports + 1
      for title, n in pairs(g.spellings) do t.spellings[title] = (t.spellings[title] or 0) + n end
    end
  end
  table.sort(list, by_count)
  for _, t in ipairs(list) do t.citation = usual_spelling(t.spellings); t.spellings, t.key = nil, nil end
  return list, { "citation", "law_name", "kind", "count", "reports" }
end

local function report_rows(results)
  local rows = {}
  for _, r in ipairs(results) do
    local groups = table.move(r.groups, 1, #r.groups, 1, {})
    table.sort(groups, by_count)
    for _, g in ipairs(groups) do
      rows[#rows + 1] = { file = r.file, org = r.org, year = r.year, citation = usual_spelling(g.spellings),
        law_name = g.law_name, kind = g.kind, count = g.count }
    end
  end
  return rows, { "file", "org", "year", "citation", "law_name", "kind", "count" }
end

function reduce(results, opts)
  common.shorten_files(results)
  local rows, columns
  if opts.by == "report" then rows, columns = report_rows(results)
  else rows, columns = corpus_rows(results) end
  report.write(rows, report.options(opts, {
    columns = columns, title = "gongwen citations (by " .. opts.by .. ")",
    chart = opts.by == "corpus" and { "count", "reports" } or false, label = "citation",
  }))
end
