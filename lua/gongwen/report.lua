--[[ gongwen.report — the output layer: rows of fields written as an aligned
text table, CSV, JSON, JSON Lines, Markdown or a self-contained HTML page.

  local report = require "gongwen.report"
  report.write(rows, opts)               -- one table
  report.write_sections(sections, opts)  -- several tables, sections = { {title=, rows=, columns=}, ... }
  report.render(rows, opts)              -- the same output as a string, nothing written
  report.render_sections(sections, opts)
  report.encode_rows(rows, opts)         -- csv/json/jsonl: the rows' text but their first column, made ahead
  report.write_encoded(parts, opts)      -- parts = { {encoded=, [first column]=value}, ... }; render_encoded
  report.width(s)                        -- display columns: East Asian Wide/Fullwidth = 2, combining marks = 0
  report.truncate(s, w)                  -- s cut to at most w columns, ending in "…" when cut
  report.options(script_opts, fields)    -- a copy of a script's opts (format, output, excel) plus fields
  report.short_paths(paths)              -- the paths without the directory they all share
  report.cell(v)                         -- the text of a value in a cell
  report.formats                         -- { "text", "csv", "json", "jsonl", "md", "html" }

rows: an array of tables, one per row; values are strings, numbers, booleans,
nil, or tables (arrays are shown joined by "; ", JSON keeps them as arrays).

opts (all optional):
  columns   ordered array of column names; default: every key of the rows, sorted
  headers   { column = "header text" } for text, md and html; default: the column
            name (csv, json and jsonl always use the column names)
  format    text | csv | json | jsonl | md | html; default: from the extension of
            output (.csv .json .jsonl .md .html), otherwise text
  output    file path; nil or "-" means standard output
  excel     CSV only: start with a UTF-8 BOM so Excel reads the text as UTF-8
  title     heading of the whole output (text, md, html)
  note      a paragraph under the title (text, md, html)
  max_width text only: cut cells wider than this many columns
  chart     html only: array of numeric columns drawn as bar charts; default every
            numeric column; false for none
  label     html only: what names each bar: a column, an array of columns, or
            function(row) -> string; default the first column holding strings
  chart_max html only: at most this many bars per chart (default 60)
  group     a column: text, md and html show one section per value of it (in order
            of first appearance); csv, json and jsonl stay one flat table

A section is { title=, rows=, columns=, headers=, chart=, label=, note= }; fields it
lacks come from opts.  Machine formats flatten sections: csv and jsonl put the
section title in a first column "section"; json is an array of
{ title=, rows= } objects.  Each JSON row object lists its fields in column order.
]]

local cjson = require "cjson"

local report = {}
report.formats = { "text", "csv", "json", "jsonl", "md", "html" }

-- An instance of our own, so configuring it leaves the caller's cjson alone.
local json = cjson.new()
pcall(json.encode_invalid_numbers, "null")

---------------------------------------------------------------- display width

-- East Asian Width W and F (unassigned gaps folded in), from Unicode 14.
local WIDE = {
  0x1100,0x115F, 0x231A,0x231B, 0x2329,0x232A, 0x23E9,0x23EC, 0x23F0,0x23F0, 0x23F3,0x23F3,
  0x25FD,0x25FE, 0x2614,0x2615, 0x2648,0x2653, 0x267F,0x267F, 0x2693,0x2693, 0x26A1,0x26A1,
  0x26AA,0x26AB, 0x26BD,0x26BE, 0x26C4,0x26C5, 0x26CE,0x26CE, 0x26D4,0x26D4, 0x26EA,0x26EA,
  0x26F2,0x26F3, 0x26F5,0x26F5, 0x26FA,0x26FA, 0x26FD,0x26FD, 0x2705,0x2705, 0x270A,0x270B,
  0x2728,0x2728, 0x274C,0x274C, 0x274E,0x274E, 0x2753,0x2755, 0x2757,0x2757, 0x2795,0x2797,
  0x27B0,0x27B0, 0x27BF,0x27BF, 0x2B1B,0x2B1C, 0x2B50,0x2B50, 0x2B55,0x2B55, 0x2E80,0x3029,
  0x302E,0x303E, 0x3041,0x3096, 0x309B,0x3247, 0x3250,0x4DBF, 0x4E00,0xA4C6, 0xA960,0xA97C,
  0xAC00,0xD7A3, 0xF900,0xFAD9, 0xFE10,0xFE19, 0xFE30,0xFE6B, 0xFF01,0xFF60, 0xFFE0,0xFFE6,
  0x16FE0,0x16FE3, 0x16FF0,0x1B2FB, 0x1F004,0x1F004, 0x1F0CF,0x1F0CF, 0x1F18E,0x1F18E, 0x1F191,0x1F19A,
  0x1F200,0x1F320, 0x1F32D,0x1F335, 0x1F337,0x1F37C, 0x1F37E,0x1F393, 0x1F3A0,0x1F3CA, 0x1F3CF,0x1F3D3,
  0x1F3E0,0x1F3F0, 0x1F3F4,0x1F3F4, 0x1F3F8,0x1F43E, 0x1F440,0x1F440, 0x1F442,0x1F4FC, 0x1F4FF,0x1F53D,
  0x1F54B,0x1F54E, 0x1F550,0x1F567, 0x1F57A,0x1F57A, 0x1F595,0x1F596, 0x1F5A4,0x1F5A4, 0x1F5FB,0x1F64F,
  0x1F680,0x1F6C5, 0x1F6CC,0x1F6CC, 0x1F6D0,0x1F6D2, 0x1F6D5,0x1F6DF, 0x1F6EB,0x1F6EC, 0x1F6F4,0x1F6FC,
  0x1F7E0,0x1F7F0, 0x1F90C,0x1F93A, 0x1F93C,0x1F945, 0x1F947,0x1F9FF, 0x1FA70,0x1FAF6, 0x20000,0x3134A,
}
-- Combining marks (Mn, Me), zero-width joiners/spaces, Hangul medial vowels.
local ZERO = {
  0x300,0x36F, 0x483,0x489, 0x591,0x5BD, 0x5BF,0x5BF, 0x5C1,0x5C2, 0x5C4,0x5C5,
  0x5C7,0x5C7, 0x610,0x61A, 0x64B,0x65F, 0x670,0x670, 0x6D6,0x6DC, 0x6DF,0x6E4,
  0x6E7,0x6E8, 0x6EA,0x6ED, 0x711,0x711, 0x730,0x74A, 0x7A6,0x7B0, 0x7EB,0x7F3,
  0x7FD,0x7FD, 0x816,0x819, 0x81B,0x823, 0x825,0x827, 0x829,0x82D, 0x859,0x85B,
  0x898,0x89F, 0x8CA,0x8E1, 0x8E3,0x902, 0x93A,0x93A, 0x93C,0x93C, 0x941,0x948,
  0x94D,0x94D, 0x951,0x957, 0x962,0x963, 0x981,0x981, 0x9BC,0x9BC, 0x9C1,0x9C4,
  0x9CD,0x9CD, 0x9E2,0x9E3, 0x9FE,0xA02, 0xA3C,0xA3C, 0xA41,0xA51, 0xA70,0xA71,
  0xA75,0xA75, 0xA81,0xA82, 0xABC,0xABC, 0xAC1,0xAC8, 0xACD,0xACD, 0xAE2,0xAE3,
  0xAFA,0xB01, 0xB3C,0xB3C, 0xB3F,0xB3F, 0xB41,0xB44, 0xB4D,0xB56, 0xB62,0xB63,
  0xB82,0xB82, 0xBC0,0xBC0, 0xBCD,0xBCD, 0xC00,0xC00, 0xC04,0xC04, 0xC3C,0xC3C,
  0xC3E,0xC40, 0xC46,0xC56, 0xC62,0xC63, 0xC81,0xC81, 0xCBC,0xCBC, 0xCBF,0xCBF,
  0xCC6,0xCC6, 0xCCC,0xCCD, 0xCE2,0xCE3, 0xD00,0xD01, 0xD3B,0xD3C, 0xD41,0xD44,
  0xD4D,0xD4D, 0xD62,0xD63, 0xD81,0xD81, 0xDCA,0xDCA, 0xDD2,0xDD6, 0xE31,0xE31,
  0xE34,0xE3A, 0xE47,0xE4E, 0xEB1,0xEB1, 0xEB4,0xEBC, 0xEC8,0xECD, 0xF18,0xF19,
  0xF35,0xF35, 0xF37,0xF37, 0xF39,0xF39, 0xF71,0xF7E, 0xF80,0xF84, 0xF86,0xF87,
  0xF8D,0xFBC, 0xFC6,0xFC6, 0x102D,0x1030, 0x1032,0x1037, 0x1039,0x103A, 0x103D,0x103E,
  0x1058,0x1059, 0x105E,0x1060, 0x1071,0x1074, 0x1082,0x1082, 0x1085,0x1086, 0x108D,0x108D,
  0x109D,0x109D, 0x1160,0x11FF, 0x135D,0x135F, 0x1712,0x1714, 0x1732,0x1733, 0x1752,0x1753,
  0x1772,0x1773, 0x17B4,0x17B5, 0x17B7,0x17BD, 0x17C6,0x17C6, 0x17C9,0x17D3, 0x17DD,0x17DD,
  0x180B,0x180D, 0x180F,0x180F, 0x1885,0x1886, 0x18A9,0x18A9, 0x1920,0x1922, 0x1927,0x1928,
  0x1932,0x1932, 0x1939,0x193B, 0x1A17,0x1A18, 0x1A1B,0x1A1B, 0x1A56,0x1A56, 0x1A58,0x1A60,
  0x1A62,0x1A62, 0x1A65,0x1A6C, 0x1A73,0x1A7F, 0x1AB0,0x1B03, 0x1B34,0x1B34, 0x1B36,0x1B3A,
  0x1B3C,0x1B3C, 0x1B42,0x1B42, 0x1B6B,0x1B73, 0x1B80,0x1B81, 0x1BA2,0x1BA5, 0x1BA8,0x1BA9,
  0x1BAB,0x1BAD, 0x1BE6,0x1BE6, 0x1BE8,0x1BE9, 0x1BED,0x1BED, 0x1BEF,0x1BF1, 0x1C2C,0x1C33,
  0x1C36,0x1C37, 0x1CD0,0x1CD2, 0x1CD4,0x1CE0, 0x1CE2,0x1CE8, 0x1CED,0x1CED, 0x1CF4,0x1CF4,
  0x1CF8,0x1CF9, 0x1DC0,0x1DFF, 0x200B,0x200D, 0x2060,0x2060, 0x20D0,0x20F0, 0x2CEF,0x2CF1,
  0x2D7F,0x2D7F, 0x2DE0,0x2DFF, 0x302A,0x302D, 0x3099,0x309A, 0xA66F,0xA672, 0xA674,0xA67D,
  0xA69E,0xA69F, 0xA6F0,0xA6F1, 0xA802,0xA802, 0xA806,0xA806, 0xA80B,0xA80B, 0xA825,0xA826,
  0xA82C,0xA82C, 0xA8C4,0xA8C5, 0xA8E0,0xA8F1, 0xA8FF,0xA8FF, 0xA926,0xA92D, 0xA947,0xA951,
  0xA980,0xA982, 0xA9B3,0xA9B3, 0xA9B6,0xA9B9, 0xA9BC,0xA9BD, 0xA9E5,0xA9E5, 0xAA29,0xAA2E,
  0xAA31,0xAA32, 0xAA35,0xAA36, 0xAA43,0xAA43, 0xAA4C,0xAA4C, 0xAA7C,0xAA7C, 0xAAB0,0xAAB0,
  0xAAB2,0xAAB4, 0xAAB7,0xAAB8, 0xAABE,0xAABF, 0xAAC1,0xAAC1, 0xAAEC,0xAAED, 0xAAF6,0xAAF6,
  0xABE5,0xABE5, 0xABE8,0xABE8, 0xABED,0xABED, 0xFB1E,0xFB1E, 0xFE00,0xFE0F, 0xFE20,0xFE2F,
  0xFEFF,0xFEFF, 0x101FD,0x101FD, 0x102E0,0x102E0, 0x10376,0x1037A, 0x10A01,0x10A0F, 0x10A38,0x10A3F,
  0x10AE5,0x10AE6, 0x10D24,0x10D27, 0x10EAB,0x10EAC, 0x10F46,0x10F50, 0x10F82,0x10F85, 0x11001,0x11001,
  0x11038,0x11046, 0x11070,0x11070, 0x11073,0x11074, 0x1107F,0x11081, 0x110B3,0x110B6, 0x110B9,0x110BA,
  0x110C2,0x110C2, 0x11100,0x11102, 0x11127,0x1112B, 0x1112D,0x11134, 0x11173,0x11173, 0x11180,0x11181,
  0x111B6,0x111BE, 0x111C9,0x111CC, 0x111CF,0x111CF, 0x1122F,0x11231, 0x11234,0x11234, 0x11236,0x11237,
  0x1123E,0x1123E, 0x112DF,0x112DF, 0x112E3,0x112EA, 0x11300,0x11301, 0x1133B,0x1133C, 0x11340,0x11340,
  0x11366,0x11374, 0x11438,0x1143F, 0x11442,0x11444, 0x11446,0x11446, 0x1145E,0x1145E, 0x114B3,0x114B8,
  0x114BA,0x114BA, 0x114BF,0x114C0, 0x114C2,0x114C3, 0x115B2,0x115B5, 0x115BC,0x115BD, 0x115BF,0x115C0,
  0x115DC,0x115DD, 0x11633,0x1163A, 0x1163D,0x1163D, 0x1163F,0x11640, 0x116AB,0x116AB, 0x116AD,0x116AD,
  0x116B0,0x116B5, 0x116B7,0x116B7, 0x1171D,0x1171F, 0x11722,0x11725, 0x11727,0x1172B, 0x1182F,0x11837,
  0x11839,0x1183A, 0x1193B,0x1193C, 0x1193E,0x1193E, 0x11943,0x11943, 0x119D4,0x119DB, 0x119E0,0x119E0,
  0x11A01,0x11A0A, 0x11A33,0x11A38, 0x11A3B,0x11A3E, 0x11A47,0x11A47, 0x11A51,0x11A56, 0x11A59,0x11A5B,
  0x11A8A,0x11A96, 0x11A98,0x11A99, 0x11C30,0x11C3D, 0x11C3F,0x11C3F, 0x11C92,0x11CA7, 0x11CAA,0x11CB0,
  0x11CB2,0x11CB3, 0x11CB5,0x11CB6, 0x11D31,0x11D45, 0x11D47,0x11D47, 0x11D90,0x11D91, 0x11D95,0x11D95,
  0x11D97,0x11D97, 0x11EF3,0x11EF4, 0x16AF0,0x16AF4, 0x16B30,0x16B36, 0x16F4F,0x16F4F, 0x16F8F,0x16F92,
  0x16FE4,0x16FE4, 0x1BC9D,0x1BC9E, 0x1CF00,0x1CF46, 0x1D167,0x1D169, 0x1D17B,0x1D182, 0x1D185,0x1D18B,
  0x1D1AA,0x1D1AD, 0x1D242,0x1D244, 0x1DA00,0x1DA36, 0x1DA3B,0x1DA6C, 0x1DA75,0x1DA75, 0x1DA84,0x1DA84,
  0x1DA9B,0x1DAAF, 0x1E000,0x1E02A, 0x1E130,0x1E136, 0x1E2AE,0x1E2AE, 0x1E2EC,0x1E2EF, 0x1E8D0,0x1E8D6,
  0x1E944,0x1E94A, 0xE0100,0xE01EF,
}

local function in_ranges(ranges, cp)
  local lo, hi = 1, #ranges // 2
  while lo <= hi do
    local mid = (lo + hi) // 2
    if cp < ranges[2 * mid - 1] then hi = mid - 1
    elseif cp > ranges[2 * mid] then lo = mid + 1
    else return true end
  end
  return false
end

local function char_width(cp)
  if cp < 0x300 then return (cp < 0x20 or (cp >= 0x7F and cp < 0xA0)) and 0 or 1 end
  if cp >= 0x4E00 and cp <= 0x9FFF then return 2 end -- the common CJK block, first
  if in_ranges(ZERO, cp) then return 0 end
  return in_ranges(WIDE, cp) and 2 or 1
end

-- Widths of the other code points met so far (punctuation, mostly): the
-- range tables are searched once per code point, not once per character.
local known_width = {}
local function learn_width(cp)
  local w = char_width(cp)
  known_width[cp] = w
  return w
end

-- Whether s holds any of the one-byte strings in list: plain finds look for a
-- byte far faster than a pattern class scans a long cell, and most cells hold
-- none of the bytes that need escaping.
local function has_any(s, list)
  for i = 1, #list do
    if s:find(list[i], 1, true) then return true end
  end
  return false
end

-- Iterates code points; a byte that is not valid UTF-8 counts as one column.
local function codepoints(s)
  local i, n = 1, #s
  return function()
    if i > n then return nil end
    local start = i
    local cp = utf8.codepoint(s, i, i, true) -- may raise on bad bytes
    i = utf8.offset(s, 2, i) or n + 1
    return start, cp
  end
end

local function safe_codepoints(s)
  if utf8.len(s) then return codepoints(s) end
  local i = 0
  return function() i = i + 1; if i <= #s then return i, 0x41 end end
end

function report.width(s)
  s = tostring(s)
  if not s:find("[\128-\255%c]") then return #s end
  local w = 0
  if utf8.len(s) then
    for _, cp in utf8.codes(s) do -- (the common CJK block and printable ASCII first)
      if cp >= 0x4E00 and cp <= 0x9FFF then w = w + 2
      elseif cp >= 0x20 and cp < 0x7F then w = w + 1
      else w = w + (known_width[cp] or learn_width(cp)) end
    end
  else
    for _, cp in safe_codepoints(s) do w = w + char_width(cp) end
  end
  return w
end

function report.truncate(s, maxw)
  s = tostring(s)
  if report.width(s) <= maxw then return s end
  local w = 0
  for start, cp in safe_codepoints(s) do
    local cw = char_width(cp)
    if w + cw > maxw - 1 then return s:sub(1, start - 1) .. "…" end
    w = w + cw
  end
  return s
end

---------------------------------------------------------------- values

local function is_array(t)
  local n = #t
  for k in pairs(t) do
    if math.type(k) ~= "integer" or k < 1 or k > n then return false end
  end
  return true
end

local function number_text(v)
  if math.type(v) == "integer" then return string.format("%d", v) end
  if v ~= v then return "nan" end
  if v == math.floor(v) and math.abs(v) < 2^53 then return string.format("%d", v) end
  return string.format("%.14g", v)
end

-- JSON text of a value; tables become arrays (when they are) or objects with
-- sorted keys, so the output is the same on every run.
local function encode_json(v)
  local t = type(v)
  if v == nil then return "null"
  elseif t == "number" and math.type(v) == "integer" then return string.format("%d", v)
  elseif t == "table" then
    local parts = {}
    if is_array(v) then
      for i, x in ipairs(v) do parts[i] = encode_json(x) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    for i, k in ipairs(keys) do
      local x = v[k]; if x == nil then x = v[tonumber(k)] end
      parts[i] = encode_json(k) .. ":" .. encode_json(x)
    end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  -- cjson escapes "/" as "\/"; every "\/" it writes is that escape, so undo it for readable
  -- paths (a plain find first: a pattern scan of every long text is what costs).
  local text = json.encode(v)
  if text:find("\\/", 1, true) then text = text:gsub("\\/", "/") end
  return text
end

-- The text of a value in a cell (text, CSV, Markdown, HTML).
local function cell_text(v)
  local t = type(v)
  if v == nil then return ""
  elseif t == "string" then return v
  elseif t == "number" then return number_text(v)
  elseif t == "boolean" then return v and "true" or "false"
  elseif t == "table" then
    if is_array(v) then
      local parts = {}
      for i, x in ipairs(v) do parts[i] = cell_text(x) end
      return table.concat(parts, "; ")
    end
    return encode_json(v)
  end
  return tostring(v)
end
report.cell = cell_text

---------------------------------------------------------------- tables

local function sorted_keys(rows)
  local seen, keys = {}, {}
  for _, row in ipairs(rows) do
    for k in pairs(row) do
      if type(k) == "string" and not seen[k] then seen[k] = true; keys[#keys + 1] = k end
    end
  end
  table.sort(keys)
  return keys
end

-- A section with every field resolved from the section, then opts, then defaults.
local function resolve(sec, opts)
  local rows = sec.rows or {}
  local columns = sec.columns or opts.columns or sorted_keys(rows)
  local chart = sec.chart
  if chart == nil then chart = opts.chart end
  return {
    title = sec.title, note = sec.note, rows = rows, columns = columns,
    headers = sec.headers or opts.headers or {},
    chart = chart,
    label = sec.label or opts.label,
  }
end

local function header(sec, col) return sec.headers[col] or col end

-- A column is numeric when it holds at least one number and nothing but numbers.
local function numeric_columns(sec)
  local numeric = {}
  for _, col in ipairs(sec.columns) do
    local any, only = false, true
    for _, row in ipairs(sec.rows) do
      local v = row[col]
      if type(v) == "number" then any = true elseif v ~= nil then only = false end
    end
    numeric[col] = any and only
  end
  return numeric
end

-- Splits rows into sections by the value of one column, in order of first appearance.
local function group_rows(rows, col, opts)
  local sections, index = {}, {}
  for _, row in ipairs(rows) do
    local key = cell_text(row[col])
    local sec = index[key]
    if not sec then
      sec = { title = key, rows = {} }
      index[key] = sec; sections[#sections + 1] = sec
    end
    sec.rows[#sec.rows + 1] = row
  end
  local columns = {}
  for _, c in ipairs(opts.columns or sorted_keys(rows)) do
    if c ~= col then columns[#columns + 1] = c end
  end
  for _, sec in ipairs(sections) do sec.columns = columns end
  return sections
end

---------------------------------------------------------------- text

local LINE_BREAKS = { "\r", "\n", "\t" }

local function text_cell(v, max_width)
  local s = cell_text(v)
  if has_any(s, LINE_BREAKS) then s = s:gsub("[\r\n\t]+", " ") end
  if max_width and max_width > 0 then s = report.truncate(s, max_width) end
  return s
end

-- n blanks, made once per n.
local blanks = setmetatable({}, { __index = function(t, n)
  local fill = string.rep(" ", n)
  t[n] = fill
  return fill
end })

-- s without the blanks at its end.
local function trim_end(s)
  local e = #s
  while s:byte(e) == 32 do e = e - 1 end
  return e < #s and s:sub(1, e) or s
end

--[[ A text table is made in two passes over the rows, row by row (a row's
fields lie together in memory).  The first makes the text of each distinct
value of each column and measures it.  The second writes each cell as a piece
made once per distinct value (most cells repeat: names, years, small counts):
in a right-aligned (numeric) column the two blanks between cells, the fill
and the text; in a left-aligned one the blanks and the text without blanks at
its end, then the fill as a second piece.  A line is its pieces up to its
last cell that is not empty, without that cell's fill, so it ends in no
blank without being cut.  Tables of up to MAX_UNROLLED columns run both
passes as Lua code written for their columns (keys and empty cells as
constants, each column's cache in a local): a cell then costs a few
instructions of the Lua VM instead of a loop over the columns. ]]

local MAX_UNROLLED = 32

-- What the first pass learns of a column: texts[v] for each value v met
-- (see cacheable), how many, the width (the header's included), whether it
-- holds numbers only, and whether only plain strings (printable ASCII, not
-- ending in a blank: their own text, as wide as long).  widths[text], shared
-- by the columns, holds the texts whose width is not their length.
local function new_column(head, j, widths, max_width)
  return { head = head, sep = j > 1 and "  " or "", texts = {}, distinct = 0,
    width = report.width(head), any = false, only = true, plain = true, widths = widths,
    max_width = max_width }
end

local find = string.find

-- Whether v may key the caches of texts and pieces: not NaN (no key), and
-- not an integral number beyond 2^53, whose integer and float forms share a
-- key but not a text (1152921504606846976 and 1.1529215046068e+18).
local function cacheable(v)
  if type(v) ~= "number" then return true end
  return v == v and not (v % 1 == 0 and (v >= 2^53 or v <= -2^53))
end

local function learn(column, v)
  local cell, w, t = v, nil, type(v)
  if t == "string" and not column.max_width and find(v, "^[ -~]*[!-~]$") then
    w = #v -- (a plain string, the common case of names and paths: one find)
  else
    cell = text_cell(v, column.max_width)
    w = report.width(cell)
    if w ~= #cell then column.widths[cell] = w end
    column.plain = false
  end
  if t ~= "number" or cacheable(v) then column.texts[v] = cell end -- (else made again when met)
  column.distinct = column.distinct + 1
  if w > column.width then column.width = w end
  if t == "number" then column.any = true else column.only = false end
end

-- After the first pass: the alignment, the pieces of an empty cell, and the
-- caches of pieces (none where values seldom repeat: each is met once).
local function settle(column, nrows)
  column.right = column.any and column.only
  column.empty = column.sep .. blanks[column.width] -- a right-aligned empty cell
  column.fill = blanks[column.width]                 -- a left-aligned one: sep, then this
  column.padded, column.fills = {}, {}
  column.keep = column.distinct <= nrows // 2
end

-- The piece(s) of the cell of v (not nil) in the column, kept for the next
-- row with this v.
local function pad(column, v)
  local cell = column.texts[v] or text_cell(v, column.max_width)
  local w = column.widths[cell] or #cell
  local keep = column.keep and cacheable(v)
  if column.right then
    local x = column.sep .. blanks[column.width - w] .. cell
    if keep then column.padded[v] = x end
    return x
  end
  local e = #cell
  while cell:byte(e) == 32 do e = e - 1 end
  local x, f = column.sep .. (e < #cell and cell:sub(1, e) or cell), blanks[column.width - w + #cell - e]
  if keep then column.padded[v], column.fills[v] = x, f end
  return x, f
end

-- The first pass, a loop over the columns.
local function measure_loop(rows, cols, columns)
  local ncol, texts = #cols, {}
  for j = 1, ncol do texts[j] = columns[j].texts end
  for i = 1, #rows do
    local row = rows[i]
    for j = 1, ncol do
      local v = row[cols[j]]
      if v ~= nil and not texts[j][v] then learn(columns[j], v) end
    end
  end
end

-- The second pass, a loop over the columns: appends each row's line and
-- "\n" to out, which holds n pieces; returns the new n.
local function lines_loop(rows, cols, columns, out, n)
  local ncol, xs, fs = #cols, {}, {}
  for i = 1, #rows do
    local row, last = rows[i], 0
    for j = 1, ncol do
      local column, v = columns[j], row[cols[j]]
      local x, f
      if v == nil then x, f = column.sep, column.fill
      else x = column.padded[v]; if x then f = column.fills[v] else x, f = pad(column, v) end end
      if column.right then
        if v ~= nil then last = j end
        if v == nil then x = column.empty end
      elseif x ~= column.sep then last = j end
      xs[j], fs[j] = x, f or ""
    end
    for j = 1, last do
      n = n + 1; out[n] = xs[j]
      if j < last and not columns[j].right then n = n + 1; out[n] = fs[j] end
    end
    n = n + 1; out[n] = "\n"
  end
  return n
end

-- The two passes as code written for the columns (see above).
local unrolled = setmetatable({}, { __mode = "v" }) -- source -> function

local function compiled(source)
  local f = unrolled[source]
  if not f then f = assert(load(source, "=(report text table)", "t")); unrolled[source] = f end
  return f
end

local function lua_constant(v) return string.format("%q", v) end

-- Whether the columns' keys can be written as constants.
local function unrollable(cols)
  if #cols > MAX_UNROLLED then return false end
  for _, k in ipairs(cols) do
    if type(k) ~= "string" and math.type(k) ~= "integer" then return false end
  end
  return true
end

local function measure_source(cols)
  local src = { "local rows, learn, columns = ...\n" }
  for j = 1, #cols do src[#src + 1] = ("local T%d = columns[%d].texts\n"):format(j, j) end
  src[#src + 1] = "for i = 1, #rows do\n  local row, v = rows[i]\n"
  for j, k in ipairs(cols) do
    src[#src + 1] = ("  v = row[%s]; if v ~= nil and not T%d[v] then learn(columns[%d], v) end\n")
      :format(lua_constant(k), j, j)
  end
  src[#src + 1] = "end\n"
  return table.concat(src)
end

local function lines_source(cols, columns)
  local src = { "local rows, out, n, pad, columns, blanks = ...\n" }
  for j, column in ipairs(columns) do
    src[#src + 1] = ("local P%d = columns[%d].padded\n"):format(j, j)
    if not column.right then src[#src + 1] = ("local F%d = columns[%d].fills\n"):format(j, j) end
  end
  src[#src + 1] = "for i = 1, #rows do\n  local row = rows[i]\n"
  local empty = {}
  for j, k in ipairs(cols) do
    local column = columns[j]
    if column.plain and not column.right then -- its values are its texts
      empty[j] = lua_constant(column.sep)
      src[#src + 1] = ("  local x%d, f%d = row[%s]\n  if x%d == nil then x%d, f%d = %s, %s\n  else f%d = blanks[%d - #x%d]; x%d = %s .. x%d end\n")
        :format(j, j, lua_constant(k), j, j, j, empty[j], lua_constant(column.fill), j, column.width, j, j, empty[j], j)
    elseif column.right then
      empty[j] = lua_constant(column.empty)
      src[#src + 1] = ("  local x%d = row[%s]\n  if x%d == nil then x%d = %s else x%d = P%d[x%d] or pad(columns[%d], x%d) end\n")
        :format(j, lua_constant(k), j, j, empty[j], j, j, j, j, j)
    else
      empty[j] = lua_constant(column.sep)
      src[#src + 1] = ("  local x%d, f%d = row[%s]\n  if x%d == nil then x%d, f%d = %s, %s\n  else local v = x%d; x%d = P%d[v]; if x%d then f%d = F%d[v] else x%d, f%d = pad(columns[%d], v) end end\n")
        :format(j, j, lua_constant(k), j, j, j, empty[j], lua_constant(column.fill), j, j, j, j, j, j, j, j, j)
    end
  end
  -- The line ends at the last cell that is not empty.
  for last = #cols, 1, -1 do
    local parts = {}
    for j = 1, last do
      parts[#parts + 1] = "x" .. j
      if j < last and not columns[j].right then parts[#parts + 1] = "f" .. j end
    end
    src[#src + 1] = ("  %sif x%d ~= %s then n = n + 1; out[n] = %s .. \"\\n\"\n")
      :format(last == #cols and "" or "else", last, empty[last], table.concat(parts, " .. "))
  end
  src[#src + 1] = "  else n = n + 1; out[n] = \"\\n\" end\nend\nreturn n\n"
  return table.concat(src)
end

-- The header line, or (rule set) the line of dashes under it.
local function head_line(columns, rule)
  local parts = {}
  for j, column in ipairs(columns) do
    local cell = rule and string.rep("-", column.width) or column.head
    local fill = blanks[column.width - (rule and column.width or report.width(cell))]
    parts[j] = column.sep .. (column.right and not rule and fill .. cell or cell .. fill)
  end
  return trim_end(table.concat(parts))
end

-- Appends the table's lines to out, each followed by "\n".
local function text_table(sec, opts, out)
  if sec.title then out[#out + 1] = sec.title; out[#out + 1] = "\n" end
  if sec.note then out[#out + 1] = sec.note; out[#out + 1] = "\n" end
  local rows, cols = sec.rows, sec.columns
  if #rows == 0 then out[#out + 1] = "(no rows)\n"; return end
  local columns, widths = {}, {}
  for j, col in ipairs(cols) do columns[j] = new_column(header(sec, col), j, widths, opts.max_width) end
  local unroll = unrollable(cols)
  if unroll then compiled(measure_source(cols))(rows, learn, columns)
  else measure_loop(rows, cols, columns) end
  for _, column in ipairs(columns) do settle(column, #rows) end
  out[#out + 1] = head_line(columns) .. "\n"
  out[#out + 1] = head_line(columns, true) .. "\n"
  if unroll then compiled(lines_source(cols, columns))(rows, out, #out, pad, columns, blanks)
  else lines_loop(rows, cols, columns, out, #out) end
end

local function render_text(sections, opts)
  local out = {}
  if opts.title then out[#out + 1] = opts.title .. "\n\n" end
  if opts.note then out[#out + 1] = opts.note .. "\n\n" end
  for i, sec in ipairs(sections) do
    if i > 1 then out[#out + 1] = "\n" end
    text_table(sec, opts, out)
  end
  return table.concat(out)
end

---------------------------------------------------------------- flat formats

-- Sections as one table; a "section" column first when sections have titles.
local function flatten(sections)
  local titled = false
  for _, sec in ipairs(sections) do if sec.title then titled = true end end
  local columns, seen, rows = {}, {}, {}
  if titled and #sections > 1 then columns[1] = "section"; seen.section = true end
  for _, sec in ipairs(sections) do
    for _, col in ipairs(sec.columns) do
      if not seen[col] then seen[col] = true; columns[#columns + 1] = col end
    end
    for _, row in ipairs(sec.rows) do
      if seen.section and columns[1] == "section" and row.section == nil then
        local copy = { section = sec.title }
        for k, v in pairs(row) do copy[k] = v end
        row = copy
      end
      rows[#rows + 1] = row
    end
  end
  return rows, columns
end

local CSV_SPECIAL = { ",", '"', "\r", "\n" }

local function csv_field(v)
  local s = cell_text(v)
  if has_any(s, CSV_SPECIAL) then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

-- The CSV header line (after a BOM for Excel): the column names, as JSON keys
-- are: CSV is for programs as much as for people.
local function csv_header(columns, opts)
  local heads = {}
  for j, col in ipairs(columns) do heads[j] = csv_field(col) end
  return (opts.excel and "\239\187\191" or "") .. table.concat(heads, ",") .. "\r\n"
end

local function render_csv(sections, opts)
  local rows, columns = flatten(sections)
  local out = {}
  for i, row in ipairs(rows) do
    local fields = {}
    for j, col in ipairs(columns) do fields[j] = csv_field(row[col]) end
    out[i] = table.concat(fields, ",") .. "\r\n"
  end
  return csv_header(columns, opts) .. table.concat(out)
end

-- A JSON object with its fields in column order (cjson would order them by hash).
local function json_object(row, columns, keys)
  local parts = {}
  for j, col in ipairs(columns) do parts[j] = keys[j] .. encode_json(row[col]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

local function json_rows(rows, columns)
  local keys, parts = {}, {}
  for j, col in ipairs(columns) do keys[j] = encode_json(col) .. ":" end
  for i, row in ipairs(rows) do parts[i] = json_object(row, columns, keys) end
  return parts
end

local function json_array(items)
  if #items == 0 then return "[]" end
  return "[\n" .. table.concat(items, ",\n") .. "\n]"
end

local function render_jsonl(sections)
  local rows, columns = flatten(sections)
  local lines = json_rows(rows, columns)
  return #lines > 0 and table.concat(lines, "\n") .. "\n" or ""
end

-- One untitled table: an array of row objects; otherwise an array of {title, rows}.
local function render_json(sections)
  if #sections == 1 and not sections[1].title then
    return json_array(json_rows(sections[1].rows, sections[1].columns)) .. "\n"
  end
  local parts = {}
  for i, sec in ipairs(sections) do
    parts[i] = '{"title":' .. encode_json(sec.title) .. ',"rows":'
      .. json_array(json_rows(sec.rows, sec.columns)) .. "}"
  end
  return json_array(parts) .. "\n"
end

---------------------------------------------------------------- rows encoded ahead

-- For csv, json and jsonl a row's line is its first column's text (the head)
-- and the rest (the tail), which does not depend on other rows: workers can
-- make the tails, and reduce only adds heads (the file, shortened) and frames.
local ENCODED = { csv = true, json = true, jsonl = true }

local function encoded_columns(opts, fn)
  local columns = opts.columns
  if type(columns) ~= "table" or #columns == 0 then
    error("report." .. fn .. " needs opts.columns (the same list for every part)", 3)
  end
  return columns
end

-- ',"name":' for each column after the first, made once per columns table.
local tail_keys = setmetatable({}, { __mode = "k" })

local function row_tails(rows, columns, fmt)
  local tails, n = {}, #columns
  if fmt == "csv" then
    for i, row in ipairs(rows) do
      local parts = { "" }
      for j = 2, n do parts[j] = csv_field(row[columns[j]]) end
      tails[i] = table.concat(parts, ",")
    end
    return tails
  end
  local keys = tail_keys[columns]
  if not keys or #keys ~= n then
    keys = { "" }
    for j = 2, n do keys[j] = "," .. encode_json(columns[j]) .. ":" end
    tail_keys[columns] = keys
  end
  for i, row in ipairs(rows) do
    local parts = {} -- keys and values apart: no string made per field
    for j = 2, n do parts[2 * j - 3], parts[2 * j - 2] = keys[j], encode_json(row[columns[j]]) end
    parts[2 * n - 1] = "}"
    tails[i] = table.concat(parts)
  end
  return tails
end

---------------------------------------------------------------- markdown

local MD_SPECIAL = { "\\", "|", "&", "<", ">", "\n" }

local function md_cell(v)
  local s = cell_text(v)
  if not has_any(s, MD_SPECIAL) then return s end
  s = s:gsub("[\\|&<>]", { ["\\"] = "\\\\", ["|"] = "\\|", ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;" })
  return (s:gsub("\r?\n", "<br>"))
end

local function render_md(sections, opts)
  local out = {}
  if opts.title then out[#out + 1] = "# " .. md_cell(opts.title); out[#out + 1] = "" end
  if opts.note then out[#out + 1] = md_cell(opts.note); out[#out + 1] = "" end
  for _, sec in ipairs(sections) do
    if sec.title then out[#out + 1] = "## " .. md_cell(sec.title); out[#out + 1] = "" end
    if sec.note then out[#out + 1] = md_cell(sec.note); out[#out + 1] = "" end
    if #sec.rows == 0 then
      out[#out + 1] = "(no rows)"
    else
      local numeric = numeric_columns(sec)
      local heads, rules = {}, {}
      for j, col in ipairs(sec.columns) do
        heads[j] = md_cell(header(sec, col))
        rules[j] = numeric[col] and "---:" or "---"
      end
      out[#out + 1] = "| " .. table.concat(heads, " | ") .. " |"
      out[#out + 1] = "| " .. table.concat(rules, " | ") .. " |"
      for _, row in ipairs(sec.rows) do
        local cells = {}
        for j, col in ipairs(sec.columns) do cells[j] = md_cell(row[col]) end
        out[#out + 1] = "| " .. table.concat(cells, " | ") .. " |"
      end
    end
    out[#out + 1] = ""
  end
  return table.concat(out, "\n")
end

---------------------------------------------------------------- html

local HTML_SPECIAL = { "&", "<", ">", '"' }

local function esc(v)
  local s = cell_text(v)
  if not has_any(s, HTML_SPECIAL) then return s end
  return (s:gsub('[&<>"]', { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" }))
end

-- Line breaks in a cell as <br>.
local function br(s)
  if not s:find("\n", 1, true) then return s end
  return (s:gsub("\r?\n", "<br>"))
end

local CSS = [[
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .6em;vertical-align:top;text-align:left}
th{background:#f0f3f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr:nth-child(even) td{background:#fafafa}
figure{margin:1em 0}figcaption{font-weight:bold;font-size:.9em}
svg text{font-size:12px;fill:#222}svg rect{fill:#4a7ab5}
]]

-- The function that names a row's bar.
local function labeller(sec, numeric)
  local label = sec.label
  if type(label) == "function" then return label end
  if type(label) == "string" then label = { label } end
  if not label then
    for _, col in ipairs(sec.columns) do
      if not numeric[col] then label = { col }; break end
    end
  end
  return function(row, i)
    if not label then return tostring(i) end
    local parts = {}
    for _, col in ipairs(label) do
      local s = cell_text(row[col])
      if s ~= "" then parts[#parts + 1] = s end
    end
    return table.concat(parts, " ")
  end
end

local function chart_columns(sec, numeric)
  if sec.chart == false then return {} end
  if type(sec.chart) == "table" then return sec.chart end
  local cols = {}
  for _, col in ipairs(sec.columns) do if numeric[col] then cols[#cols + 1] = col end end
  return cols
end

-- A horizontal bar chart of one numeric column, as inline SVG.
local function svg_bars(sec, col, name_of, max_bars)
  local bars, max = {}, 0
  for i, row in ipairs(sec.rows) do
    if #bars >= max_bars then break end
    local v = row[col]
    if type(v) == "number" and v == v then
      bars[#bars + 1] = { label = report.truncate(name_of(row, i), 36), value = v }
      if v > max then max = v end
    end
  end
  if #bars == 0 or max <= 0 then return nil end
  local label_w = 0
  for _, b in ipairs(bars) do label_w = math.max(label_w, report.width(b.label)) end
  local left, barw, rowh = math.min(label_w, 36) * 6.5 + 12, 360, 20
  local width, height = math.floor(left + barw + 70), #bars * rowh + 8
  local out = {
    string.format('<figure><figcaption>%s</figcaption>', esc(header(sec, col))),
    string.format('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">',
      width, height, width, height, esc(header(sec, col))),
  }
  for i, b in ipairs(bars) do
    local y = (i - 1) * rowh + 4
    local w = math.max(b.value, 0) / max * barw
    out[#out + 1] = string.format(
      '<text x="%g" y="%g" text-anchor="end">%s</text><rect x="%g" y="%g" width="%.1f" height="%d"/><text x="%.1f" y="%g">%s</text>',
      left - 6, y + 13, esc(b.label), left, y, w, rowh - 6, left + w + 4, y + 13, esc(number_text(b.value)))
  end
  out[#out + 1] = "</svg></figure>"
  return table.concat(out, "\n")
end

local function html_section(sec, opts, out)
  out[#out + 1] = "<section>"
  if sec.title then out[#out + 1] = "<h2>" .. esc(sec.title) .. "</h2>" end
  if sec.note then out[#out + 1] = "<p>" .. esc(sec.note) .. "</p>" end
  if #sec.rows == 0 then out[#out + 1] = "<p>(no rows)</p></section>"; return end
  local numeric = numeric_columns(sec)
  local heads = {}
  for j, col in ipairs(sec.columns) do heads[j] = "<th>" .. esc(header(sec, col)) .. "</th>" end
  out[#out + 1] = "<table><thead><tr>" .. table.concat(heads) .. "</tr></thead><tbody>"
  for _, row in ipairs(sec.rows) do
    local cells = {}
    for j, col in ipairs(sec.columns) do
      local v = row[col]
      cells[j] = (numeric[col] and '<td class="num">' or "<td>") .. br(esc(v)) .. "</td>"
    end
    out[#out + 1] = "<tr>" .. table.concat(cells) .. "</tr>"
  end
  out[#out + 1] = "</tbody></table>"
  local name_of = labeller(sec, numeric)
  for _, col in ipairs(chart_columns(sec, numeric)) do
    out[#out + 1] = svg_bars(sec, col, name_of, opts.chart_max or 60)
  end
  out[#out + 1] = "</section>"
end

local function render_html(sections, opts)
  local title = opts.title or (sections[1] and sections[1].title) or "gongwen report"
  local out = {
    '<!DOCTYPE html>', '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>" .. esc(title) .. "</title>", "<style>" .. CSS .. "</style></head><body>",
  }
  if opts.title then out[#out + 1] = "<h1>" .. esc(opts.title) .. "</h1>" end
  if opts.note then out[#out + 1] = "<p>" .. esc(opts.note) .. "</p>" end
  for _, sec in ipairs(sections) do html_section(sec, opts, out) end
  out[#out + 1] = "</body></html>"
  return table.concat(out, "\n") .. "\n"
end

---------------------------------------------------------------- entry points

local RENDER = {
  text = render_text, csv = render_csv, json = render_json, jsonl = render_jsonl,
  md = render_md, html = render_html,
}

local EXTENSIONS = { csv = "csv", json = "json", jsonl = "jsonl", ndjson = "jsonl",
  md = "md", markdown = "md", html = "html", htm = "html", txt = "text" }

local function format_of(opts)
  local fmt = opts.format
  if fmt == nil and type(opts.output) == "string" then
    fmt = EXTENSIONS[(opts.output:match("%.(%w+)$") or ""):lower()]
  end
  fmt = fmt or "text"
  if not RENDER[fmt] then
    error(string.format("unknown format %q (use %s)", tostring(fmt), table.concat(report.formats, ", ")), 3)
  end
  return fmt
end

function report.render_sections(sections, opts)
  opts = opts or {}
  local fmt = format_of(opts)
  local resolved = {}
  for i, sec in ipairs(sections) do resolved[i] = resolve(sec, opts) end
  return RENDER[fmt](resolved, opts)
end

function report.render(rows, opts)
  opts = opts or {}
  local fmt = format_of(opts)
  if opts.group and (fmt == "text" or fmt == "md" or fmt == "html") then
    return report.render_sections(group_rows(rows, opts.group, opts), opts)
  end
  return RENDER[fmt]({ resolve({ rows = rows }, opts) }, opts)
end

-- Rows encoded ahead (on worker threads) for csv, json and jsonl: an array
-- of strings, one per row, holding every column of opts.columns but the first;
-- nil for text, md and html, whose rows are measured together.
function report.encode_rows(rows, opts)
  opts = opts or {}
  local fmt = format_of(opts)
  if not ENCODED[fmt] then return nil end
  return row_tails(rows, encoded_columns(opts, "encode_rows"), fmt)
end

-- How rows are joined: text between two rows, after each, and at the end
-- (when there were rows, and when there were none).
local FRAME = {
  csv = { between = "", after = "\r\n", last = "", none = "" },
  jsonl = { between = "", after = "\n", last = "", none = "" },
  json = { between = ",\n", after = "", last = "\n]\n", none = "[]\n" },
}

-- Calls put(...) with the pieces of the encoded output in order: the CSV
-- header, then each row (separator, head, tail, terminator), then the end.
local function each_encoded(parts, opts, put)
  local fmt = format_of(opts)
  if not ENCODED[fmt] then
    error(string.format("report: rows are encoded ahead for csv, json and jsonl, not %s", fmt), 3)
  end
  local columns = encoded_columns(opts, "render_encoded")
  local frame = FRAME[fmt]
  local first, key = columns[1], fmt ~= "csv" and "{" .. encode_json(columns[1]) .. ":"
  if fmt == "csv" then put(csv_header(columns, opts)) end
  local lead = fmt == "json" and "[\n" or ""
  local rows = false
  for _, part in ipairs(parts) do
    local head = key and key .. encode_json(part[first]) or csv_field(part[first])
    for _, tail in ipairs(part.encoded) do
      put(lead, head, tail, frame.after)
      lead, rows = frame.between, true
    end
  end
  put(rows and frame.last or frame.none)
end

-- The output of the rows encoded in parts, as report.render would write them:
-- parts = { {encoded = report.encode_rows(rows, opts), [first column] = value
-- it has in all those rows}, ... }, with the same opts.columns.
function report.render_encoded(parts, opts)
  local out, n = {}, 0
  each_encoded(parts, opts or {}, function(...)
    for i = 1, select("#", ...) do out[n + i] = select(i, ...) end
    n = n + select("#", ...)
  end)
  return table.concat(out, "", 1, n)
end

local function emit(text, opts)
  local path = opts.output
  if path == nil or path == "-" then
    io.stdout:write(text); io.stdout:flush()
    return true
  end
  local f, err = io.open(path, "wb")
  if not f then error("cannot write output: " .. err, 3) end
  local ok, werr = f:write(text)
  f:close()
  if not ok then error("cannot write output: " .. tostring(werr), 3) end
  return true
end

function report.write(rows, opts)
  opts = opts or {}
  return emit(report.render(rows, opts), opts)
end

-- report.render_encoded's output, written piece by piece (megabytes of rows
-- need not become one string first).
function report.write_encoded(parts, opts)
  opts = opts or {}
  local path, f = opts.output, io.stdout
  if path ~= nil and path ~= "-" then
    local err
    f, err = io.open(path, "wb")
    if not f then error("cannot write output: " .. err, 2) end
  end
  local ok, werr = true, nil
  local done, failure = pcall(each_encoded, parts, opts, function(...)
    if ok then ok, werr = f:write(...) end
  end)
  if f == io.stdout then f:flush() else f:close() end
  if not done then error(failure, 0) end
  if not ok then error("cannot write output: " .. tostring(werr), 2) end
  return true
end

function report.write_sections(sections, opts)
  opts = opts or {}
  return emit(report.render_sections(sections, opts), opts)
end

-- The output options of a script's opts (format, output, excel) plus fields.
-- The host fills format = "text" when none is given, so a text format with an
-- output file named *.html (.csv, .json, .jsonl, .md) takes the file's format.
function report.options(script_opts, fields)
  local o = {}
  for _, k in ipairs { "format", "output", "excel", "title", "max_width" } do o[k] = script_opts and script_opts[k] end
  if o.format == "text" and type(o.output) == "string" then
    local ext = EXTENSIONS[(o.output:match("%.(%w+)$") or ""):lower()]
    if ext then o.format = ext end
  end
  for k, v in pairs(fields or {}) do o[k] = v end
  return o
end

-- Paths with the directory they all share removed ("a/x.txt", "a/b/y.txt" -> "x.txt", "b/y.txt").
function report.short_paths(paths)
  local prefix
  for _, p in ipairs(paths) do
    if not prefix then prefix = p:match("^(.*/)") or ""
    elseif p:sub(1, #prefix) ~= prefix then -- (most paths share all of it: nothing to do)
      local dir = p:match("^(.*/)") or ""
      local n = 0
      for i = 1, math.min(#prefix, #dir) do
        if prefix:byte(i) ~= dir:byte(i) then break end
        n = i
      end
      prefix = prefix:sub(1, n):match("^(.*/)") or ""
    end
  end
  local out = {}
  for i, p in ipairs(paths) do out[i] = p:sub(#(prefix or "") + 1) end
  return out
end

return report
