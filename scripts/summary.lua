-- summary: one row per report: org, region, year, sections, quantities, citations, headline indicators
--
--   gongwen summary REPORTS... [--evidence] [--format text|csv|json|jsonl|md|html] [-o FILE]
--
-- Columns: file, org, region, year, sections (level-1 sections), quantities,
-- citations (different 《…》 titles cited), then one column per rule in RULES below, empty where
-- the report does not state it.  --evidence lists instead, for each report and
-- indicator, the value with the clause and line it was read from.
local gw = gw or require "gongwen"
local report = require "gongwen.report"
local common = require "common"

-- The headline indicators, as data: { name, clause pattern (PCRE2), units }.
-- A report's value is its first quantity with one of the units whose clause
-- (the words between two punctuation marks, holding the subject and the verb:
-- "调解矛盾纠纷152件") matches the pattern.  See common.measure.
RULES = {
  { "mediation", "调解|调处", "件|件次|起", about = "调解矛盾纠纷152件" },
  { "success_rate", "(?:调解|调处|化解|纠纷|矛盾).*成功率", "%", about = "调解成功率达97.4%" },
  { "publicity", "普法|法治宣传|法制宣传|法律宣传|宪法宣传|法治讲座|宣讲", "场|次|场次|期",
    about = "开展法治宣传活动32场" },
  { "trainings", "培训", "次|期|场|班", about = "参加业务培训6次" },
  { "counsel", "法律顾问", "%", about = "法律顾问覆盖率达100%; 法律顾问全覆盖 = 100",
    phrase = "法律顾问[^，。；,;]{0,12}全覆盖", phrase_value = 100 },
}

about = "one row per report: org, region, year, sections, quantities, citations, headline indicators"
options = {
  { "evidence", help = "one row per indicator found, with the clause and line it was read from" },
}

-- How many different 《…》 titles the report cites.
local function distinct_titles(doc)
  local seen, n = {}, 0
  for _, c in ipairs(gw.citations(doc)) do
    if not seen[c.title] then seen[c.title] = true; n = n + 1 end
  end
  return n
end

local BASE_COLUMNS = { "file", "org", "region", "year", "sections", "quantities", "citations" }

function map(doc, opts)
  local meta = doc.meta
  local quantities = gw.quantities(doc)
  local found = common.measure(doc, RULES, quantities)
  -- The file's name apart from its directory: reduce then has nothing to
  -- shorten when all files share one directory (see shorten_files below).
  local path = doc.path or doc.name
  local dir, name = path:match("^(.*/)(.*)$")
  local row = {
    file = name or path, org = meta.org, region = meta.region, year = meta.year,
    sections = #doc:outline().children, quantities = #quantities, citations = distinct_titles(doc),
  }
  -- Evidence only when asked for: results are held for reduce, so a corpus
  -- run of many thousand reports stays small.
  local evidence = opts.evidence and {} or nil
  for _, rule in ipairs(RULES) do
    local f = found[rule[1]]
    if f then
      row[rule[1]] = f.value
      if evidence then
        evidence[#evidence + 1] = { indicator = rule[1], value = f.value, unit = f.unit,
          approx = f.approx, line = f.line, text = f.text }
      end
    end
  end
  return { row = row, dir = dir or "", evidence = evidence }
end

local function write_evidence(results, opts)
  local rows = {}
  for _, r in ipairs(results) do
    for _, e in ipairs(r.evidence) do
      e.file, e.org, e.year = r.row.file, r.row.org, r.row.year
      rows[#rows + 1] = e
    end
  end
  report.write(rows, report.options(opts, {
    columns = { "file", "org", "year", "indicator", "value", "unit", "approx", "line", "text" },
    chart = false, title = "gongwen summary --evidence",
  }))
end

-- What each indicator column holds, for the HTML and Markdown pages.
local function indicator_note()
  local parts = {}
  for i, rule in ipairs(RULES) do parts[i] = rule[1] .. " (" .. (rule.about or rule[2]) .. ")" end
  return "Indicators: " .. table.concat(parts, ", ") .. ". Each is the first such figure a report "
    .. "states; empty where it states none; gongwen summary --evidence shows the sentence."
end

-- The rows, their files named as common.shorten_files names them (without
-- the directory all share).  map kept each file's directory apart, so when
-- all are in one directory (a folder of reports) the names are already that
-- and no row needs cutting.
local function shorten_files(results)
  local rows, dir, one_dir = {}, results[1] and results[1].dir, true
  for i, r in ipairs(results) do
    rows[i] = r.row
    if r.dir ~= dir then one_dir = false end
  end
  if not one_dir then
    for i, r in ipairs(results) do rows[i].file = r.dir .. rows[i].file end
    common.shorten_files(rows)
  end
  return rows
end

function reduce(results, opts)
  local rows = shorten_files(results)
  if opts.evidence then return write_evidence(results, opts) end
  local columns, chart = table.move(BASE_COLUMNS, 1, #BASE_COLUMNS, 1, {}), {}
  for _, rule in ipairs(RULES) do
    columns[#columns + 1] = rule[1]
    chart[#chart + 1] = rule[1]
  end
  local o = report.options(opts, {
    columns = columns, chart = chart, label = { "org", "year" },
    title = "gongwen summary: " .. #rows .. " reports",
  })
  if o.format == "html" or o.format == "md" then o.note = indicator_note() end
  report.write(rows, o)
end
