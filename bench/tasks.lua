-- tasks.lua TASK ARGS... — one benchmark task as a whole process, run by
-- bench/run.sh with the stock lua5.4 and the built gongwen.so.  Prints one
-- result line (a count, compared with the peers' counts) and exits 3 when
-- the gongwen API the task needs does not exist yet ("n/a" in the table).
--   load FILE            gw.open: read + validate + normalise
--   lua-read FILE        peer: plain io.read("a")
--   count FILE PATTERN   gw.open + gw.count
--   outline FILE         gw.open + doc:outline()
--   outline-list LIST    the same over every file named in LIST
--   extract FILE         gw.open + gw.quantities + gw.citations
--   has NAME...          exit 0 when gw.NAME (or doc:NAME) exists for each, else 3
local task, a1, a2 = ...

local function na(what)
  io.stderr:write("n/a: ", what, " not available yet\n")
  os.exit(3)
end

if task == "lua-read" then
  local f = assert(io.open(a1, "rb"))
  print(#f:read("a"))
  f:close()
  return
end

local ok, gw = pcall(require, "gongwen")
if not ok then na("require 'gongwen'") end
if not gw.open then na("gw.open") end

local function open(path)
  local doc, msg = gw.open(path)
  if not doc then error(msg, 0) end
  return doc
end

local function outline_top(doc)
  local root = doc:outline()
  return #root.children
end

local function has_method(name)
  local doc = gw.parse and gw.parse("一、x\n") or nil
  return doc and doc[name] ~= nil
end

if task == "has" then
  for _, name in ipairs({select(2, ...)}) do
    if gw[name] == nil and not has_method(name) then na(name) end
  end
elseif task == "load" then
  print(open(a1):bytes())
elseif task == "count" then
  if not gw.count then na("gw.count") end
  print(gw.count(open(a1), a2))
elseif task == "outline" then
  if not has_method("outline") then na("doc:outline") end
  print(outline_top(open(a1)))
elseif task == "outline-list" then
  if not has_method("outline") then na("doc:outline") end
  local top = 0
  for path in io.lines(a1) do
    local doc <close> = open(path)
    top = top + outline_top(doc)
  end
  print(top)
elseif task == "extract" then
  if not (gw.quantities and gw.citations) then na("gw.quantities/gw.citations") end
  local doc = open(a1)
  print(#gw.quantities(doc), #gw.citations(doc))
else
  error("unknown task " .. tostring(task))
end
