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

local chars = common.chars

about = "regex matches with the path and title of the section each is in, and the line"
options = {
  { "caseless", short = "i", help = "ignore case (Latin letters)" },
  { "context", short = "C", arg = "N", type = "integer", default = 0, min = 0,
    help = "lines of context before and after each match" },
  { "count", short = "c", help = "count the matches per section instead of listing them" },
  positional = { "pattern" },
}

local function columns_of(opts)
  if opts.count then return { "file", "section", "count" } end
  if opts.context > 0 then return { "file", "kind", "line", "section", "match", "text" } end
  return { "file", "line", "section", "match", "text" }
end

local SNIPPET = 30 -- characters shown each side of a match in display formats
local DISPLAY = { text = true, md = true, html = true }

-- What a run needs, made once per opts table (there is one per worker): the
-- regex, or the message of a bad pattern, and the output options.
local runs = setmetatable({}, { __mode = "k" })
local function run_of(opts)
  local run = runs[opts]
  if not run then
    local ok, re = pcall(gw.regex, opts.pattern, opts.caseless and "i" or nil)
    run = { re = ok and re or nil, error = not ok and tostring(re) or nil,
      output = report.options(opts, { chart = false, columns = columns_of(opts) }) }
    runs[opts] = run
  end
  return run
end

function map(doc, opts)
  local run = run_of(opts)
  -- A bad pattern is reported once, by reduce, not once per document.
  if run.error then return { error = run.error } end
  local re = run.re
  local m = re:search(doc)
  if not m then return nil end -- most documents: nothing more to do
  local o = run.output
  local display = DISPLAY[o.format]
  local section_at = common.section_namer(doc)
  local rows, counts, order = {}, {}, {}
  local seen_line = {} -- line -> its row, so a context line is shown once
  local function add_context(k)
    local first, last = doc:line_span(k)
    if not first or seen_line[k] then return end
    rows[#rows + 1] = { kind = "-", line = k, section = section_at(first), text = doc:sub(first, last) }
    seen_line[k] = #rows
  end
  while m do
    local section = section_at(m.start)
    local first, last = doc:line_span(m.line)
    if opts.count then
      if not counts[section] then counts[section] = 0; order[#order + 1] = section end
      counts[section] = counts[section] + 1
    elseif first then -- (not an empty match at the end, past a final newline: on no line)
      for k = math.max(1, m.line - opts.context), m.line - 1 do add_context(k) end
      local row = { kind = ":", line = m.line, section = section, match = m.text }
      if display then -- the match with some characters each side
        row.text = chars(doc:sub(first, m.start - 1), SNIPPET, true) .. m.text
          .. chars(doc:sub(m.stop + 1, last), SNIPPET)
      else
        row.text = doc:sub(first, last)
      end
      local at = seen_line[m.line]
      if at and rows[at].kind == "-" then rows[at] = row  -- shown as context before: now a match
      else rows[#rows + 1] = row; seen_line[m.line] = #rows end
      for k = m.line + 1, m.line + opts.context do add_context(k) end
    end
    local init = m.stop + 1
    if m.stop < m.start then -- an empty match: step over one character
      init = m.start + common.char_len(doc:sub(m.start, m.start):byte() or 0)
      if init > doc:bytes() + 1 then break end
    end
    m = re:search(doc, init)
  end
  if opts.count then
    for i, s in ipairs(order) do rows[i] = { section = s, count = counts[s] } end
  end
  if #rows == 0 then return nil end -- nothing to carry to reduce
  -- Display formats show snippets: cut them here, on the worker threads.
  if display then
    for _, row in ipairs(rows) do
      row.section = chars(row.section, 24)
      if row.kind == "-" then row.text = chars(row.text, 2 * SNIPPET) end
    end
  end
  -- csv, json and jsonl rows are encoded here too: reduce only adds the file.
  local encoded = report.encode_rows(rows, o)
  if encoded then return { file = doc.path or doc.name, encoded = encoded } end
  return { file = doc.path or doc.name, rows = rows }
end

function reduce(results, opts)
  local o = run_of(opts).output
  if results[1] and results[1].encoded then
    report.write_encoded(common.shorten_files(results), o)
  else
    report.write(common.gather_rows(results), o)
  end
end
