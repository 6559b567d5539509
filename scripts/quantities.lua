-- quantities: every quantity stated, with its subject, unit, approximation, section and line
--
--   gongwen quantities REPORTS... [--subject PATTERN] [--unit UNIT]... [--format ...] [-o FILE]
--
-- One row per quantity (gw.quantities): file, line, value, unit, approx (true
-- for 80余场, 超80学时, 近200人…), word (余, 超, 近, 约, 多), subject, section
-- ("1.2 （二）title" or "(preamble)"), text.  --subject keeps the quantities whose
-- subject matches a regex; --unit keeps those with that unit (repeatable, or
-- alternatives "件|次").
local gw = gw or require "gongwen"
local report = require "gongwen.report"
local common = require "common"

about = "every quantity with its subject, unit, approx, section and line; filters by subject and unit"
options = {
  { "subject", arg = "PATTERN", help = "only quantities whose subject matches this regex" },
  { "unit", arg = "UNIT", multiple = true, help = "only quantities with this unit (repeatable; 件|次 for either)" },
}

local function unit_set(units)
  if not units then return nil end
  local set = {}
  for _, u in ipairs(units) do
    for one in (u .. "|"):gmatch("([^|]*)|") do if one ~= "" then set[one] = true end end
  end
  return set
end

function map(doc, opts)
  -- A bad pattern is reported once, by reduce, not once per document.
  local ok, subject = pcall(function() return opts.subject and gw.regex(opts.subject) end)
  if not ok then return { error = tostring(subject) } end
  local units = unit_set(opts.unit)
  local section_at = common.section_namer(doc)
  local rows = {}
  for _, q in ipairs(gw.quantities(doc)) do
    if (not units or units[q.unit]) and (not subject or subject:find(q.subject or "")) then
      rows[#rows + 1] = {
        line = q.line, value = q.value, unit = q.unit, approx = q.approx or false,
        word = q.approx_word, subject = q.subject, section = section_at(q.start),
        text = q.text,
      }
    end
  end
  return { file = doc.path or doc.name, rows = rows }
end

function reduce(results, opts)
  local rows = common.gather_rows(results)
  local o = report.options(opts, {
    columns = { "file", "line", "value", "unit", "approx", "word", "subject", "section", "text" },
    chart = false, title = "gongwen quantities",
  })
  if o.format == "text" then
    for _, row in ipairs(rows) do row.section = common.chars(row.section, 24) end
  end
  report.write(rows, o)
end
