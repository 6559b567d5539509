-- rg_grep.lua — the peer of `gongwen grep --format jsonl`: what an analyst
-- would pipe ripgrep into to get the same rows (file, line, section, match,
-- text), written the straightforward way with lua-cjson.
--
--   rg -n --no-heading -o PATTERN DIR | lua5.4 bench/rg_grep.lua > rows.jsonl
--
-- rg -o prints one "file:line:match" per match; the script reads each file
-- with matches once, for the text of the lines and for its headings: the
-- four numbered levels 一、 （一） 1. （1）, each nested under the last
-- shallower one, named as gongwen names sections ("1.2 （二）title").
-- Files are named as rg names them (run rg inside DIR for bare names).
local cjson = require "cjson"

local LEVELS = {              -- label patterns, level 1 to 4
  { "^[一二三四五六七八九十]+、" },
  { "^（[一二三四五六七八九十]+）", "^%([一二三四五六七八九十]+%)" },
  { "^[0-9]+[.、．]" },
  { "^（[0-9]+）", "^%([0-9]+%)" },
}

-- level and label of a heading line, or nil
local function heading(line)
  for level, patterns in ipairs(LEVELS) do
    for _, p in ipairs(patterns) do
      local s, e = line:find(p)
      if s then return level, line:sub(1, e) end
    end
  end
end

-- The title after the label: conversion leftovers ([image: ]) removed, a
-- run-in heading cut at its first 。！？；： (when at most 40 characters come
-- before it), final punctuation and blanks dropped.
local function title_of(rest)
  rest = rest:gsub("%[%a+:[^%]]*%]", "")
  local first
  for _, mark in ipairs { "。", "！", "？", "；", "：" } do
    local at = rest:find(mark, 1, true)
    if at and (not first or at < first) then first = at end
  end
  if first and utf8.len(rest, 1, first - 1) <= 40 then rest = rest:sub(1, first - 1) end
  rest = rest:match("^%s*(.*)$")
  while true do -- final blanks and 。：:
    if rest:find("[%s:]$") then rest = rest:sub(1, -2)
    elseif rest:sub(-3) == "。" or rest:sub(-3) == "：" then rest = rest:sub(1, -4)
    else return rest end
  end
end

-- The lines of a file and the heading each line is under: { path=, label=,
-- line= } (false in the preamble); its name is made when a match asks for it.
local function read_file(path)
  local lines, headings = {}, {}
  local stack = { { level = 0, children = 0, path = "" } }
  local under
  for line in io.lines(path) do
    local level, label = heading(line)
    if level then
      while stack[#stack].level >= level do stack[#stack] = nil end
      local parent = stack[#stack]
      parent.children = parent.children + 1
      under = { level = level, children = 0, label = label, line = line,
        path = (parent.path == "" and "" or parent.path .. ".") .. parent.children }
      stack[#stack + 1] = under
    end
    lines[#lines + 1] = line
    headings[#headings + 1] = under or false
  end
  return lines, headings
end

local function section_name(h)
  if not h then return "(preamble)" end
  if not h.name then h.name = h.path .. " " .. h.label .. title_of(h.line:sub(#h.label + 1)) end
  return h.name
end

-- JSON of a string, with "/" left as it is (cjson writes "\/", gongwen does not).
local function json(s)
  local text = cjson.encode(s)
  if text:find("\\/", 1, true) then text = text:gsub("\\/", "/") end
  return text
end

local current, lines, headings
local out = io.stdout
for record in io.lines() do
  local file, n, match = record:match("^(.-):(%d+):(.*)$")
  if file ~= current then
    current = file
    lines, headings = read_file(file)
  end
  n = tonumber(n)
  out:write('{"file":', json(file), ',"line":', n, ',"section":', json(section_name(headings[n])),
    ',"match":', json(match), ',"text":', json(lines[n]), "}\n")
end
