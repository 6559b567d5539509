-- check.lua — the Lua tests' tiny harness.
--   local T = require "check"
--   T.test("name", function() T.eq(got, want) end)
--   T.done()   -- prints "N passed, N failed", exits non-zero on failure
local T = { passed = 0, failed = 0 }

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

local function deep_eq(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do if not deep_eq(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
T.deep_eq = deep_eq

local function fail(msg, level)
  error(msg, level + 1)
end

function T.eq(got, want, what)
  if not deep_eq(got, want) then
    fail(string.format("%s: got %s, want %s", what or "value", show(got), show(want)), 2)
  end
end

function T.ok(cond, what)
  if not cond then fail((what or "condition") .. " is false", 2) end
end

-- Asserts that fn raises an error whose message contains `pattern` (plain text).
function T.raises(fn, pattern, what)
  local ok, err = pcall(fn)
  if ok then fail((what or "call") .. " did not raise", 2) end
  if pattern and not tostring(err):find(pattern, 1, true) then
    fail(string.format("%s raised %s, want it to mention %q", what or "call", show(err), pattern), 2)
  end
  return err
end

function T.test(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then T.passed = T.passed + 1
  else
    T.failed = T.failed + 1
    print("FAIL " .. name .. ": " .. tostring(err))
  end
end

function T.done()
  print(string.format("%d passed, %d failed", T.passed, T.failed))
  os.exit(T.failed == 0 and 0 or 1, true)
end

-- The keys of t, sorted and joined by spaces: "a b c".
function T.keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  return table.concat(ks, " ")
end

-- s quoted for sh: 'it'\''s'.
function T.quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- Runs the shell command cmd; returns its standard output, its standard
-- error and its exit status.
function T.sh(cmd)
  local errfile = os.tmpname()
  local p = assert(io.popen(cmd .. " 2>" .. T.quote(errfile), "r"))
  local out = p:read("a")
  local _, _, code = p:close()
  local err = T.read(errfile)
  os.remove(errfile)
  return out, err, code
end

-- Path of the shared corpus (CI has ../shared beside the clone).
T.shared = os.getenv("GONGWEN_SHARED") or "../shared"
function T.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a"); f:close(); return s
end

return T
