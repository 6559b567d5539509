-- common: helpers the shipped scripts share (a module for require, not a script to run)
--
-- The `gongwen` host puts the script's own directory in package.path, so a
-- script (or your copy of one, kept beside this file) loads it with
-- `local common = require "common"`.
local gw = gw or require "gongwen"

local common = {}

---------------------------------------------------------------- clauses

-- Punctuation that ends a clause (the ASCII ones appear in web-scraped reports).
local MARK = "[，。；：、！？,;:\\n]"
local LAST_MARK = gw.regex("^.*" .. MARK, "s") -- greedy: ends at the last mark
local NEXT_MARK = gw.regex(MARK)
local WINDOW = 600 -- bytes looked at before a number for the clause's start

local function char_len(b)
  return b < 0x80 and 1 or b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or 1
end
common.char_len = char_len

local function continuation(b) return b and b >= 0x80 and b < 0xC0 end

-- The clause around bytes [start, stop] (1-based, inclusive) of subject (a
-- document, or a string): the words between the punctuation marks on either
-- side.  text is subject's text (doc:text()), passed in so it is made once.
function common.clause(subject, text, start, stop)
  local from = math.max(1, start - WINDOW)
  while from < start and continuation(text:byte(from)) do from = from + 1 end
  local _, e = LAST_MARK:find(text:sub(from, start - 1))
  local first = e and from + e or from
  local next_mark = NEXT_MARK:find(subject, stop + 1)
  return text:sub(first, next_mark and next_mark - 1 or #text)
end

---------------------------------------------------------------- indicators

-- An indicator rule is { name, pattern, unit }: its value is the first quantity
-- (gw.quantities, in document order) whose unit is one of `unit` ("件|件次";
-- nil: any) and whose clause — the subject, verb and number between two
-- punctuation marks — matches the regex `pattern`.  Optional `phrase`: a regex
-- whose first match stands for the value `phrase_value` when no quantity matched.

local unit_sets = {} -- "件|件次" -> { 件 = true, 件次 = true }, made once per string

local function unit_matches(units, unit)
  if not units or units == "" then return true end
  local set = unit_sets[units]
  if not set then
    set = {}
    for u in (units .. "|"):gmatch("([^|]*)|") do set[u] = true end
    unit_sets[units] = set
  end
  return set[unit == "％" and "%" or unit] == true
end

local function measure_one(subject, quantities, rule, clause_of)
  local re = gw.regex(rule[2])
  for _, q in ipairs(quantities) do
    if unit_matches(rule[3], q.unit) then
      local c = clause_of(q)
      if re:find(c) then
        return { value = q.value, unit = q.unit, approx = q.approx or false, line = q.line, text = c }
      end
    end
  end
  if rule.phrase then
    local m = gw.regex(rule.phrase):search(subject)
    if m then
      return { value = rule.phrase_value, unit = rule[3], approx = false, line = m.line,
        text = clause_of(m) }
    end
  end
  return nil
end

-- Each rule's reading of doc, by rule name: { value=, unit=, approx=, line=, text= }
-- (nil where the report does not state it).  quantities: gw.quantities(doc) if at hand.
function common.measure(doc, rules, quantities)
  local text = doc:text()
  quantities = quantities or gw.quantities(doc)
  local memo = {}
  local function clause_of(q) -- each quantity's clause is found once, whatever the rules
    local c = memo[q]
    if not c then c = common.clause(doc, text, q.start, q.stop); memo[q] = c end
    return c
  end
  local found = {}
  for _, rule in ipairs(rules) do found[rule[1]] = measure_one(doc, quantities, rule, clause_of) end
  return found
end

-- "NAME=PATTERN[:UNIT]" -> a rule.  The unit is what follows the last ":" when
-- that holds no regex syntax, so "(?:a|b)" stays part of the pattern.
function common.parse_rule(spec)
  local name, rest = spec:match("^([^=]+)=(.+)$")
  if not name then error("an indicator is NAME=PATTERN[:UNIT], not '" .. spec .. "'", 0) end
  local pattern, unit = rest:match("^(.+):([^:%(%)%[%]%?%*%+%.\\{}^$]*)$")
  return { name, pattern or rest, unit ~= "" and unit or nil }
end

---------------------------------------------------------------- sections

-- Every section of doc in depth-first (= start) order: { start=, stop=, section= };
-- section_at names one "1.2 （二）title".
function common.flat_sections(doc)
  local list = {}
  for section in doc:sections() do
    list[#list + 1] = { start = section.start, stop = section.stop, section = section }
  end
  return list
end

-- The name of the deepest section holding byte pos (the last one starting at
-- or before it that has not ended), or "(preamble)".  Names are made only for
-- the sections asked about.
function common.section_at(list, pos)
  local lo, hi = 1, #list
  while lo <= hi do
    local mid = (lo + hi) // 2
    if list[mid].start <= pos then lo = mid + 1 else hi = mid - 1 end
  end
  for i = hi, 1, -1 do
    local entry = list[i]
    if entry.stop >= pos then
      if not entry.name then
        local s = entry.section
        entry.name = s.path .. " " .. (s.label or "") .. (s.title or "")
      end
      return entry.name
    end
  end
  return "(preamble)"
end

---------------------------------------------------------------- results

-- Sets each result's `file` to its path without the directory all share.
function common.shorten_files(results)
  local report = require "gongwen.report"
  local paths = {}
  for i, r in ipairs(results) do paths[i] = r.file end
  for i, p in ipairs(report.short_paths(paths)) do results[i].file = p end
  return results
end

-- The rows of every result ({file=, rows=}, as the per-report scripts' map
-- returns) in one array, each row given its result's `file` and the other
-- fields named in `fields` (e.g. {"org", "year"}); a map error stops here.
function common.gather_rows(results, fields)
  if results[1] and results[1].error then error(results[1].error, 0) end
  common.shorten_files(results)
  local rows = {}
  for _, r in ipairs(results) do
    for _, row in ipairs(r.rows) do
      row.file = r.file
      for _, f in ipairs(fields or {}) do row[f] = r[f] end
      rows[#rows + 1] = row
    end
  end
  return rows
end

-- At most n characters of s, cut at its start (tail = true) or end, marked "…".
function common.chars(s, n, tail)
  local len = utf8.len(s) or #s
  if len <= n then return s end
  if tail then return "…" .. s:sub(utf8.offset(s, len - n + 1)) end
  return s:sub(1, utf8.offset(s, n + 1) - 1) .. "…"
end

return common
