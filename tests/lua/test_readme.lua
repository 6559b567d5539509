-- Runs every ```lua block of README.md, so its examples stay true.
-- A block runs in a fresh environment with `gw` loaded; blocks that print
-- show what they print in a following ```text block, which must match.
local T = require "check"
local gw = require "gongwen"

local readme = T.read("README.md")

local blocks = {}
for lang, body in readme:gmatch("```(%w*)\n(.-)```") do
  blocks[#blocks + 1] = { lang = lang, body = body }
end

local function run_block(src, name)
  local out = {}
  local env = setmetatable({
    gw = gw,
    print = function(...)
      local parts = table.pack(...)
      for i = 1, parts.n do parts[i] = tostring(parts[i]) end
      out[#out + 1] = table.concat(parts, "\t")
    end,
  }, { __index = _G })
  local chunk = assert(load(src, name, "t", env))
  chunk()
  return table.concat(out, "\n")
end

local n = 0
for i, b in ipairs(blocks) do
  if b.lang == "lua" then
    n = n + 1
    local expect = blocks[i + 1] and blocks[i + 1].lang == "text" and blocks[i + 1].body
    T.test("README lua block " .. n, function()
      local got = run_block(b.body, "README block " .. n)
      if expect and got ~= "" then T.eq((got:gsub("\n+$", "")), (expect:gsub("\n+$", "")), "printed output") end
    end)
  end
end
-- ```text blocks that start with "$ gongwen ..." show a command and its output:
-- run the command with the built host and compare.
local build = os.getenv("GONGWEN_BUILD") or "build"
local commands = 0
for _, b in ipairs(blocks) do
  local command, expect = b.body:match("^%$ (gongwen [^\n]*)\n(.*)$")
  if b.lang == "text" and command then
    commands = commands + 1
    T.test("README command: " .. command, function()
      local sh = string.format("cd %q && PATH=%q:$PATH GONGWEN_SCRIPTS=scripts %s 2>/dev/null",
        ".", build, command)
      local pipe = assert(io.popen(sh))
      local got = pipe:read("a"):gsub("\r\n", "\n")
      pipe:close()
      T.eq((got:gsub("\n+$", "")), (expect:gsub("\n+$", "")), "output of " .. command)
    end)
  end
end
T.test("README shows script output", function() T.ok(commands >= 10, "at least 10 commands") end)
T.test("README has runnable examples", function() T.ok(n >= 5, "at least 5 lua blocks") end)
T.done()
