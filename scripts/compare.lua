-- compare: a matrix of indicators across reports, by org and year (best read as HTML)
--
--   gongwen compare REPORTS... [--indicator NAME=PATTERN[:UNIT]]... [--no-change]
--                   [--format html -o compare.html]
--
-- One row per report, sorted by org and year: org, year, file, then one column
-- per indicator, and NAME_change: the change since the same org's previous
-- report.  --indicator defines an indicator by a regex on the clause around a
-- quantity (the subject and verb: "调解矛盾纠纷152件") and an optional unit,
-- e.g. --indicator 'visits=信访:件' --indicator 'lectures=讲座:场|次'; without
-- it, the indicators of the summary script (its RULES).  The HTML output has a
-- bar chart per indicator.
local report = require "gongwen.report"
local common = require "common"

about = "a matrix of chosen indicators across reports by org and year, with the change since the previous year"
options = {
  { "indicator", arg = "NAME=PATTERN[:UNIT]", multiple = true,
    help = "an indicator (repeatable); default: the summary script's indicators" },
  { "no-change", help = "leave out the NAME_change columns" },
}

-- The summary script's RULES, loaded in an environment of its own so its
-- globals (map, reduce...) do not replace ours.
local function summary_rules()
  local path = assert(package.searchpath("summary", package.path))
  local env = setmetatable({}, { __index = _G })
  assert(loadfile(path, "t", env))()
  return env.RULES
end

local rules -- parsed once per Lua state
local function rules_of(opts)
  if rules then return rules end
  if not opts.indicator then rules = summary_rules(); return rules end
  local parsed = {}
  for i, spec in ipairs(opts.indicator) do parsed[i] = common.parse_rule(spec) end
  rules = parsed
  return rules
end

function map(doc, opts)
  -- A bad --indicator is reported once, by reduce, not once per document.
  local ok, found = pcall(function() return common.measure(doc, rules_of(opts)) end)
  if not ok then return { error = tostring(found) } end
  local values = {}
  for name, f in pairs(found) do values[name] = f.value end
  local meta = doc.meta
  return { file = doc.path or doc.name, org = meta.org, year = meta.year, values = values }
end

local function by_org_year(a, b)
  local oa, ob = a.org or a.file, b.org or b.file
  if oa ~= ob then return oa < ob end
  if (a.year or 0) ~= (b.year or 0) then return (a.year or 0) < (b.year or 0) end
  return a.file < b.file
end

function reduce(results, opts)
  if results[1] and results[1].error then error(results[1].error, 0) end
  common.shorten_files(results)
  local names = {}
  for i, rule in ipairs(rules_of(opts)) do names[i] = rule[1] end
  table.sort(results, by_org_year)
  local rows, previous = {}, {}
  for i, r in ipairs(results) do
    local row = { org = r.org, year = r.year, file = r.file }
    local before = previous[r.org or r.file]
    for _, name in ipairs(names) do
      local v = r.values[name]
      row[name] = v
      local was = before and before.values[name]
      if type(v) == "number" and type(was) == "number" then row[name .. "_change"] = v - was end
    end
    previous[r.org or r.file] = r
    rows[i] = row
  end
  local columns = { "org", "year", "file" }
  for _, name in ipairs(names) do columns[#columns + 1] = name end
  if not opts.no_change then
    for _, name in ipairs(names) do columns[#columns + 1] = name .. "_change" end
  end
  report.write(rows, report.options(opts, {
    columns = columns, chart = names, label = { "org", "year" },
    title = "gongwen compare: " .. table.concat(names, ", "),
  }))
end
