-- test_host_collect.lua — the main thread of a corpus run takes the workers'
-- results while they run (host/corpus.c): reduce must still get every result
-- once, in path order, without the files whose map returned nil, whatever -j
-- is and however the files finish; failed files are reported after the run.
-- The run is made long enough (a slow map over 240 files) for the main thread
-- to take results several times before the workers end.
local T = require "check"

local BUILD = os.getenv("GONGWEN_BUILD") or "build"
local HOST = BUILD .. "/gongwen"

local tmp = os.tmpname()
os.remove(tmp)
assert(os.execute("mkdir -p '" .. tmp .. "/docs'"))

local function write(path, data)
  local f = assert(io.open(path, "wb"))
  assert(f:write(data))
  f:close()
end

-- File i holds the number i; names sort in the order of i.
local N = 240
for i = 1, N do write(string.format("%s/docs/f%04d.txt", tmp, i), tostring(i) .. "\n") end

-- map spins for about 2 ms (the workers finish files out of order and the run
-- lasts longer than the main thread's 50 ms wait); every 7th file gives nil,
-- every 60th raises.  reduce prints the numbers it got, in its order.
local SCRIPT = tmp .. "/collect.lua"
write(SCRIPT, [[
function map(doc)
  local n = tonumber(doc:text():match("%d+"))
  local t = os.clock() + 0.002 * (1 + n % 3)
  while os.clock() < t do end
  if n % 60 == 0 then error("file " .. n .. " refused") end
  if n % 7 == 0 then return nil end
  return { n = n, name = doc.path:match("[^/]+$"), tags = { n % 2 == 0, "x" .. n } }
end

function reduce(results)
  local out = {}
  for i, r in ipairs(results) do
    assert(r.name == string.format("f%04d.txt", r.n), "name of result " .. i)
    assert(r.tags[1] == (r.n % 2 == 0) and r.tags[2] == "x" .. r.n, "tags of result " .. i)
    out[i] = r.n
  end
  print(#results, table.concat(out, ","))
end
]])

local function run(jobs)
  return T.sh(string.format("%s %s -j %d --quiet %s", T.quote(HOST), T.quote(SCRIPT), jobs,
    T.quote(tmp .. "/docs")))
end

-- What reduce must print: the numbers 1..N but multiples of 7 and of 60.
local want = {}
for i = 1, N do
  if i % 60 ~= 0 and i % 7 ~= 0 then want[#want + 1] = i end
end
local WANT = #want .. "\t" .. table.concat(want, ",") .. "\n"

for _, jobs in ipairs({ 1, 2, 3, 5 }) do
  T.test("-j " .. jobs .. ": every result once, in path order, nil results left out", function()
    local out, err, code = run(jobs)
    T.eq(out, WANT, "reduce's input")
    T.eq(code, 1, "exit status (4 files failed)")
    local failed = {}
    for n in err:gmatch("f(%d%d%d%d)%.txt:[^\n]*refused") do failed[#failed + 1] = tonumber(n) end
    T.eq(failed, { 60, 120, 180, 240 }, "failures reported in path order")
    T.ok(err:find("4 of 240 inputs failed", 1, true), "summary line in:\n" .. err)
  end)
end

assert(os.execute("rm -rf '" .. tmp .. "'"))
T.done()
