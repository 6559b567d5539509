-- grep: regex matches with the section each is in (path and title) and its line
--
--   gongwen grep PATTERN REPORTS... [-i] [-C N] [--count] [--format ...] [-o FILE]
--
-- PATTERN is a PCRE2 regex with Unicode classes (\d matches ４ too).  Each
-- match is one row: file, line, section ("1.2 （二）强化综合治理…", or
-- "(preamble)" before the first heading), match, text.  In text, md and html
-- the text is the match with 30 characters each side; in csv, json and jsonl
-- it is the whole line.  -C N adds N lines of context as rows of kind "-"
-- (matches are kind ":").  --count gives one row per section: file, section, count.
local gw = gw or require "gongwen"
local report = require "gongwen.report"
local common = require "common"

local flat_sections, section_at, chars = common.flat_sections, common.section_at, common.chars

about = "regex matches with the path and title of the section each is in, and the line"
options = {
  { "caseless", short = "i", help = "ignore case (Latin letters)" },
  { "context", short = "C", arg = "N", type = "integer", default = 0, min = 0,
    help = "lines of context before and after each match" },
  { "count", short = "c", help = "count the matches per section instead of listing them" },
  positional = { "pattern" },
}

local SNIPPET = 30 -- characters shown each side of a match in display formats
local DISPLAY = { text = true, md = true, html = true }

-- The lines of text: line(k) returns the byte span [first, last] of line k
-- ("\n" excluded), or nil past the end.  The newlines are found once, in C.
local function line_index(text)
  local starts, p = { 1 }, text:find("\n", 1, true)
  while p do
    starts[#starts + 1] = p + 1
    p = text:find("\n", p + 1, true)
  end
  if starts[#starts] > #text then starts[#starts] = nil end -- no line after a final newline
  return function(k)
    local first = starts[k]
    if not first then return nil end
    if starts[k + 1] then return first, starts[k + 1] - 2 end
    return first, text:byte(#text) == 10 and #text - 1 or #text
  end
end

function map(doc, opts)
  -- A bad pattern is reported once, by reduce, not once per document.
  local ok, re = pcall(gw.regex, opts.pattern, opts.caseless and "i" or nil)
  if not ok then return { error = tostring(re) } end
  local sections, text, line
  local rows, counts, order = {}, {}, {}
  local seen_line = {} -- line -> its row, so a context line is shown once
  local function add_context(k)
    local first, last = line(k)
    if not first or seen_line[k] then return end
    rows[#rows + 1] = { kind = "-", line = k, section = section_at(sections, first), text = text:sub(first, last) }
    seen_line[k] = #rows
  end
  local init = 1
  while true do
    local m = re:search(doc, init)
    if not m then break end
    m.line = m.line or doc:position(m.start)
    text = text or doc:text()
    line = line or line_index(text)
    sections = sections or flat_sections(doc)
    local section = section_at(sections, m.start)
    if opts.count then
      if not counts[section] then counts[section] = 0; order[#order + 1] = section end
      counts[section] = counts[section] + 1
    else
      for k = math.max(1, m.line - opts.context), m.line - 1 do add_context(k) end
      local first, last = line(m.line)
      local row = { kind = ":", line = m.line, section = section, match = m.text,
        text = text:sub(first, last), before = text:sub(first, m.start - 1), after = text:sub(m.stop + 1, last) }
      local at = seen_line[m.line]
      if at and rows[at].kind == "-" then rows[at] = row  -- shown as context before: now a match
      else rows[#rows + 1] = row; seen_line[m.line] = #rows end
      for k = m.line + 1, m.line + opts.context do add_context(k) end
    end
    init = m.stop + 1
    if m.stop < m.start then -- an empty match: step over one character
      init = m.start + common.char_len(text:byte(m.start) or 0)
      if init > #text + 1 then break end
    end
  end
  if opts.count then
    for i, s in ipairs(order) do rows[i] = { section = s, count = counts[s] } end
  end
  if #rows == 0 then return nil end -- nothing to carry to reduce
  -- Display formats show snippets: cut them here, on the worker threads.
  if DISPLAY[report.options(opts, {}).format] then
    for _, row in ipairs(rows) do
      row.section = chars(row.section, 24)
      if row.kind == ":" then
        row.text = chars(row.before, SNIPPET, true) .. row.match .. chars(row.after, SNIPPET)
      elseif row.kind == "-" then
        row.text = chars(row.text, 2 * SNIPPET)
      end
    end
  end
  for _, row in ipairs(rows) do row.before, row.after = nil, nil end
  return { file = doc.path or doc.name, rows = rows }
end

function reduce(results, opts)
  local rows = common.gather_rows(results)
  local o = report.options(opts, { chart = false })
  if opts.count then
    o.columns = { "file", "section", "count" }
  elseif opts.context > 0 then
    o.columns = { "file", "kind", "line", "section", "match", "text" }
  else
    o.columns = { "file", "line", "section", "match", "text" }
  end
  report.write(rows, o)
end
