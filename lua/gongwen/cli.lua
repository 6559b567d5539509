-- gongwen.cli — the command-line options of analysis scripts.
--
-- The `gongwen` host calls cli.parse(arg, options, info) for every script that
-- defines map(); a script run by stock lua5.4 may call it too.
--
-- Option spec (the script's global `options`, may be nil):
--   options = {
--     {"part", arg="NAME", default="problems", help="which part to print"},
--     {"caseless", short="i", help="ignore case"},            -- a flag: true/false
--     {"context", short="C", arg="N", type="number", default=0, help="lines around"},
--     {"unit", arg="U", multiple=true, help="repeatable: an array"},
--     {"sort", arg="KEY", choices={"name", "count"}, default="name"},
--     positional = {"pattern"},   -- required arguments before the paths
--     usage = "…",                -- optional extra text printed after the options
--   }
-- Fields of an entry: [1] long name (opts key; "-" in the name becomes "_"),
-- short (one letter), arg (the value's name in the help; without it the option
-- is a flag), type ("string" default, "number", "integer"), default, choices,
-- multiple (repeatable, collected in an array; default nil), min (numbers), help.
--
-- Command lines: "--name value" and "--name=value"; "-C 3", "-C3"; flags
-- bundle ("-iq"); options and paths may be mixed; "--" ends the options; "-"
-- alone is a path (standard input).
--
-- Built-in options (a script entry of the same name replaces one):
--   --format text|csv|json|jsonl|md|html (default text), -o/--output FILE,
--   --excel, -j/--jobs N (default 1), --quiet, --glob PATTERN (repeatable; nil
--   when not given), --encoding auto|utf-8|gb18030 (default auto: UTF-8 when
--   the file validates, else GB18030), -h/--help.
--
-- cli.parse returns opts: a plain table with every option's value, the named
-- positionals, and paths (the remaining arguments).  Bad arguments raise a
-- usage error object; --help raises a help object.  Both are tables
-- { kind = "usage"|"help", message = …, usage = <help text> } whose tostring
-- is the message followed by the usage text.
local cli = {}

cli.builtin = {
  {"format", arg="FORMAT", default="text", choices={"text", "csv", "json", "jsonl", "md", "html"},
   help="output format"},
  {"output", short="o", arg="FILE", help="write the output to FILE instead of standard output"},
  {"excel", help="CSV with a UTF-8 BOM, for Excel"},
  {"jobs", short="j", arg="N", type="integer", default=1, min=1, help="worker threads"},
  {"quiet", help="no progress line on standard error"},
  {"glob", arg="PATTERN", multiple=true,
   help="file names to read in directories (repeatable; default *.txt and *.txt.gz)"},
  {"encoding", arg="E", default="auto", choices={"auto", "utf-8", "gb18030"},
   help="input encoding (auto: UTF-8, else GB18030)"},
  {"help", short="h", help="show this help and exit"},
}

local UsageError = {}
UsageError.__index = UsageError
UsageError.__tostring = function(e)
  if e.kind == "help" then return e.usage end
  return e.message .. "\n" .. e.usage
end

local function key_of(spec) return (spec[1]:gsub("-", "_")) end

-- The script's entries, then the built-ins it does not replace.
local function merged(options)
  local list, long, short = {}, {}, {}
  local function add(spec, builtin)
    if type(spec) ~= "table" or type(spec[1]) ~= "string" then
      error("options: each entry needs a name as its first element", 4)
    end
    if long[spec[1]] then return end
    if spec.short and short[spec.short] then
      if builtin then spec = setmetatable({short=false}, {__index=spec})
      else error("options: -" .. spec.short .. " used twice", 4) end
    end
    list[#list + 1] = {spec=spec, builtin=builtin}
    long[spec[1]] = spec
    if spec.short then short[spec.short] = spec end
  end
  for _, spec in ipairs(options or {}) do add(spec, false) end
  for _, spec in ipairs(cli.builtin) do add(spec, true) end
  return list, long, short
end

local function option_label(spec)
  local s = spec.short and ("-" .. spec.short .. ", ") or "    "
  s = s .. "--" .. spec[1]
  if spec.arg then s = s .. " " .. spec.arg end
  return s
end

local function option_help(spec)
  local h = spec.help or ""
  if spec.choices then h = h .. (h ~= "" and ": " or "") .. table.concat(spec.choices, ", ") end
  if spec.arg and spec.default ~= nil then h = h .. " (default: " .. tostring(spec.default) .. ")" end
  return h
end

-- The help text of a script: info.name ("gongwen summary"), info.about.
function cli.usage(options, info)
  info = info or {}
  local out = {}
  local line = "usage: " .. (info.name or "gongwen SCRIPT") .. " [options]"
  for _, p in ipairs(options and options.positional or {}) do line = line .. " " .. p:upper() end
  out[#out + 1] = line .. " PATH..."
  if info.about and info.about ~= "" then out[#out + 1] = info.about end
  local list = merged(options)
  local width = 0
  for _, e in ipairs(list) do width = math.max(width, #option_label(e.spec)) end
  for _, builtin in ipairs({false, true}) do
    local header = builtin and "common options:" or "options:"
    for _, e in ipairs(list) do
      if e.builtin == builtin then
        if header then out[#out + 1] = ""; out[#out + 1] = header; header = nil end
        local label = option_label(e.spec)
        out[#out + 1] = "  " .. label .. string.rep(" ", width - #label + 2) .. option_help(e.spec)
      end
    end
  end
  out[#out + 1] = ""
  out[#out + 1] = "PATH: files and directories (read recursively, sorted); - is standard input."
  if options and options.usage then out[#out + 1] = options.usage end
  return table.concat(out, "\n") .. "\n"
end

local function convert(spec, value, fail)
  local t = spec.type or "string"
  if t == "number" or t == "integer" then
    local n = tonumber(value)
    if n == nil or (t == "integer" and math.type(n) ~= "integer") then
      fail("option --" .. spec[1] .. " needs " .. (t == "integer" and "an integer" or "a number")
           .. ", not '" .. value .. "'")
    end
    if spec.min and n < spec.min then
      fail("option --" .. spec[1] .. " must be at least " .. spec.min)
    end
    value = n
  end
  if spec.choices then
    local ok = false
    for _, c in ipairs(spec.choices) do ok = ok or c == value end
    if not ok then
      fail("option --" .. spec[1] .. " must be one of " .. table.concat(spec.choices, ", ")
           .. ", not '" .. tostring(value) .. "'")
    end
  end
  return value
end

-- Parses arg[1..#arg] by the spec; see the top of this file.
function cli.parse(arg, options, info)
  info = info or {}
  local list, long, short = merged(options)
  local function fail(message)
    error(setmetatable({kind="usage", message=message, usage=cli.usage(options, info)}, UsageError), 0)
  end
  local opts, positional = {}, {}
  for _, e in ipairs(list) do
    local spec = e.spec
    if spec.arg then
      if spec.default ~= nil then opts[key_of(spec)] = spec.default end
    else
      opts[key_of(spec)] = false
    end
  end
  local function set(spec, value)
    local k = key_of(spec)
    if not spec.arg then opts[k] = true; return end
    value = convert(spec, value, fail)
    if spec.multiple then
      if opts[k] == spec.default or type(opts[k]) ~= "table" then opts[k] = {} end
      table.insert(opts[k], value)
    else
      opts[k] = value
    end
  end
  local i, n = 1, #arg
  local function take_value(spec, name)
    i = i + 1
    if i > n then fail("option " .. name .. " needs a value (" .. spec.arg .. ")") end
    return arg[i]
  end
  local ended = false
  while i <= n do
    local a = arg[i]
    if ended or a == "-" or a:sub(1, 1) ~= "-" then
      positional[#positional + 1] = a
    elseif a == "--" then
      ended = true
    elseif a:sub(1, 2) == "--" then
      local name, value = a:match("^%-%-([^=]+)=(.*)$")
      name = name or a:sub(3)
      local spec = long[name]
      if not spec then fail("unknown option --" .. name) end
      if not spec.arg and value then fail("option --" .. name .. " takes no value") end
      if spec.arg and not value then value = take_value(spec, "--" .. name) end
      set(spec, value)
    else
      local j = 2
      while j <= #a do
        local c = a:sub(j, j)
        local spec = short[c]
        if not spec then fail("unknown option -" .. c) end
        if spec.arg then
          local rest = a:sub(j + 1)
          set(spec, rest ~= "" and rest or take_value(spec, "-" .. c))
          break
        end
        set(spec, true)
        j = j + 1
      end
    end
    i = i + 1
  end
  if opts.help then
    error(setmetatable({kind="help", message="help", usage=cli.usage(options, info)}, UsageError), 0)
  end
  local names = options and options.positional or {}
  for k, name in ipairs(names) do
    if positional[k] == nil then fail("missing argument " .. name:upper()) end
    opts[(name:gsub("-", "_"))] = positional[k]
  end
  opts.paths = table.move(positional, #names + 1, #positional, 1, {})
  return opts
end

return cli
