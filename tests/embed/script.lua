-- script.lua — run by tests/embed/embed.c inside a host that registered the
-- module with luaL_requiref (no global gw: that is the gongwen command's
-- doing).  Returns passed, failed; prints each failure.
local passed, failed = 0, 0
local function check(name, ok, detail)
  if ok then passed = passed + 1
  else
    failed = failed + 1
    print("FAIL " .. name .. (detail and (": " .. tostring(detail)) or ""))
  end
end

local fixtures = (arg[0]:match("^(.*)/") or ".") .. "/../fixtures/host/"

local gw = require "gongwen"
check("requiref registered the module", package.loaded.gongwen == gw)
check("the module sets no global", rawget(_G, "gw") == nil and rawget(_G, "gongwen") == nil)
check("version", gw.version == "0.1.0", gw.version)

local doc = gw.parse("甲乙\n丙\n")
check("parse text", doc:text() == "甲乙\n丙\n")
check("characters", #doc == 5, #doc)

local opened, msg = gw.open(fixtures .. "two_lines.txt")
check("open a file", opened ~= nil, msg)
if opened then
  check("CRLF normalised", opened:text() == "第一行\n第二行\n", opened:text())
  local n = 0
  for _ in opened:lines() do n = n + 1 end
  check("lines", n == 2, n)
  opened:close()
end

local none, err, details = gw.open(fixtures .. "no such file.txt")
check("missing file: nil", none == nil)
check("missing file: message names it", type(err) == "string" and err:find("no such file.txt", 1, true), err)
check("missing file: details", type(details) == "table" and details.code ~= nil)

local ok_cli, cli = pcall(require, "gongwen.cli")
check("embedded submodule gongwen.cli", ok_cli and type(cli.parse) == "function", cli)
if ok_cli then
  local opts = cli.parse({"-j", "2", "a.txt"}, nil)
  check("cli.parse", opts.jobs == 2 and opts.paths[1] == "a.txt", opts.jobs)
end

return passed, failed
