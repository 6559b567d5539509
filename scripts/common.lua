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

-- The marks as numbers: ASCII bytes, and the three bytes b1 b2 b3 of the
-- full-width ones as b1 * 65536 + b2 * 256 + b3 (，；：！？ EF BC xx, 。、 E3 80 xx).
local byte = string.byte
local ASCII_MARK = { [0x2C] = true, [0x3B] = true, [0x3A] = true, [0x0A] = true }
local WIDE_MARK = {
  [0xEFBC8C] = true, [0xEFBC9B] = true, [0xEFBC9A] = true, [0xEFBC81] = true,
  [0xEFBC9F] = true, [0xE38082] = true, [0xE38081] = true,
}

-- common.clause_of(doc, start, stop): the same clause of a document, without
-- copying its whole text.  Most quantities (the core's span runs from the
-- subject to the unit) stand right between two marks, which the bytes around
-- the span show; otherwise the last mark is looked for in the NEAR bytes before
-- the number first (the last mark there is the last one in the whole window
-- too), then as above.
local NEAR = 60
local function doc_clause(doc, start, stop)
  local from = start > 3 and start - 3 or 1
  local around = doc:sub(from, stop + 3) -- the span and up to 3 bytes each side
  local rs, re = start - from + 1, stop - from + 1
  local first, last
  if rs == 1 then first = start
  else -- a mark ends right before the span?
    local b = byte(around, rs - 1)
    if b < 0x80 then
      if ASCII_MARK[b] then first = start end
    elseif rs > 3 then
      local b1, b2 = byte(around, rs - 3, rs - 2)
      if WIDE_MARK[b1 * 65536 + b2 * 256 + b] then first = start end
    end
  end
  if re == #around then last = stop
  else -- a mark starts right after it?
    local b1, b2, b3 = byte(around, re + 1, re + 3)
    if b1 < 0x80 then
      if ASCII_MARK[b1] then last = stop end
    elseif b3 and WIDE_MARK[b1 * 65536 + b2 * 256 + b3] then
      last = stop
    end
  end
  if first and last then return around:sub(rs, re) end
  if not first then
    from = start - NEAR
    if from < 1 then from = 1 end
    local before = doc:sub(from, start - 1)
    local skip = 0 -- a character cut by the window's start
    while continuation(byte(before, skip + 1)) do skip = skip + 1 end
    if skip > 0 then before = before:sub(skip + 1) end
    local _, e = LAST_MARK:find(before)
    if e then first = from + skip + e
    elseif from == 1 then first = 1
    else return common.clause(doc, doc:text(), start, stop) end
  end
  if not last then
    local next_mark = NEXT_MARK:find(doc, stop + 1)
    last = next_mark and next_mark - 1 or -1
  end
  return doc:sub(first, last)
end
common.clause_of = doc_clause

---------------------------------------------------------------- indicators

-- An indicator rule is { name, pattern, unit }: its value is the first quantity
-- (gw.quantities, in document order) whose unit is one of `unit` ("件|件次";
-- nil: any) and whose clause — the subject, verb and number between two
-- punctuation marks — matches the regex `pattern`.  Optional `phrase`: a regex
-- whose first match stands for the value `phrase_value` when no quantity matched.

-- A rules table made ready for measuring: the regexes compiled and, for each
-- unit, the rules that take it (in rule order).  Made once per rules table and
-- made again only when one of its rules changed.
local prepared = setmetatable({}, { __mode = "k" })

local function units_of(units) -- "件|件次" -> { "件", "件次" }; nil: any unit
  if not units or units == "" then return nil end
  local list = {}
  for u in (units .. "|"):gmatch("([^|]*)|") do list[#list + 1] = u end
  return list
end

-- A test of whether a clause matches pattern.  A pattern that is a few words
-- joined by "|" (no other regex syntax) is looked for as plain text: a regex
-- call costs several times a plain string.find on a clause.
local MAX_PLAIN_WORDS = 3
local function matcher(pattern)
  local re = gw.regex(pattern) -- raises on a bad pattern, as before
  local words = {}
  if not pattern:find("[\\^$.%[%]()?*+{}]") then
    for w in (pattern .. "|"):gmatch("([^|]*)|") do words[#words + 1] = w end
  end
  if #words == 0 or #words > MAX_PLAIN_WORDS then
    return function(clause) return re:find(clause) ~= nil end
  end
  local find = string.find
  return function(clause)
    for k = 1, #words do
      if find(clause, words[k], 1, true) then return true end
    end
    return false
  end
end

local function still_valid(p, rules)
  if #rules ~= #p then return false end
  for i, rule in ipairs(rules) do
    local r = p[i]
    if rule ~= r.rule or rule[1] ~= r.name or rule[2] ~= r.pattern or rule[3] ~= r.units
      or rule.phrase ~= r.phrase then return false end
  end
  return true
end

local function prepare(rules)
  local p = prepared[rules]
  if p and still_valid(p, rules) then return p end
  p = { by_unit = {}, any = {} }
  for i, rule in ipairs(rules) do
    p[i] = { rule = rule, name = rule[1], pattern = rule[2], units = rule[3], phrase = rule.phrase,
      matches = matcher(rule[2]) }
  end
  local by_unit, any = p.by_unit, p.any
  for i, rule in ipairs(rules) do
    local units = units_of(rule[3])
    if units then
      for _, u in ipairs(units) do
        local list = by_unit[u]
        if not list then list = table.move(any, 1, #any, 1, {}); by_unit[u] = list end
        if list[#list] ~= i then list[#list + 1] = i end
      end
    else -- a rule for any unit joins every list, keeping rule order
      any[#any + 1] = i
      for _, list in pairs(by_unit) do list[#list + 1] = i end
    end
  end
  prepared[rules] = p
  return p
end

-- Each rule's reading of doc, by rule name: { value=, unit=, approx=, line=, text= }
-- (nil where the report does not state it).  quantities: gw.quantities(doc) if at hand.
-- One pass over the quantities in document order; each quantity's clause is cut
-- only when a rule still unread takes its unit, and at most once.
function common.measure(doc, rules, quantities)
  local p = prepare(rules)
  quantities = quantities or gw.quantities(doc)
  local by_unit, any = p.by_unit, p.any
  local read, open = {}, #p -- read[i]: rule i's reading
  for _, q in ipairs(quantities) do
    local unit = q.unit
    local list = by_unit[unit == "％" and "%" or unit] or any
    local c
    for k = 1, #list do
      local i = list[k]
      if not read[i] then
        c = c or doc_clause(doc, q.start, q.stop)
        if p[i].matches(c) then
          read[i] = { value = q.value, unit = q.unit, approx = q.approx or false, line = q.line,
            text = c }
          open = open - 1
        end
      end
    end
    if open == 0 then break end
  end
  local found = {}
  for i, r in ipairs(p) do
    local rule = r.rule
    if rule.phrase and not read[i] then
      local s, e = gw.regex(rule.phrase):find(doc)
      if s then
        read[i] = { value = rule.phrase_value, unit = rule[3], approx = false,
          line = (doc:position(s)), text = doc_clause(doc, s, e) }
      end
    end
    found[r.name] = read[i]
  end
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

-- A function of a byte offset of doc giving the name of the innermost section
-- holding it, "1.2 （二）title", or "(preamble)".  doc:section_at finds the
-- section in C; each name is made once.
function common.section_namer(doc)
  local names = {}
  return function(pos)
    local s = doc:section_at(pos)
    if not s then return "(preamble)" end
    local name = names[s]
    if not name then
      name = s.path .. " " .. (s.label or "") .. (s.title or "")
      names[s] = name
    end
    return name
  end
end

---------------------------------------------------------------- results

-- Sets each result's `file` to its path without the directory all share.
-- The shared directory depends only on the directories, so report.short_paths
-- sees each directory once (a corpus run has thousands of files in a few).
function common.shorten_files(results)
  local report = require "gongwen.report"
  local dirs, seen, dir = {}, {}, nil
  for _, r in ipairs(results) do
    local p = r.file
    if not (dir and p:sub(1, #dir) == dir and not p:find("/", #dir + 1, true)) then
      dir = p:match("^(.*/)") or ""
      if not seen[dir] then seen[dir] = true; dirs[#dirs + 1] = dir end
    end
  end
  local cut = dirs[1] and #dirs[1] - #report.short_paths(dirs)[1] or 0
  for _, r in ipairs(results) do r.file = r.file:sub(cut + 1) end
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
