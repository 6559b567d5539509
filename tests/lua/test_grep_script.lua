-- `gongwen grep` end to end: matches on every line, rows encoded on the
-- workers (csv, json, jsonl) the same for -j 1 and -j 2 and as the display
-- formats list them, and bench/rg_grep.lua (the peer in `make bench`)
-- writing the same rows as gongwen.  Expected values read off the reports.
local T = require "check"
local cjson = require "cjson"

local BIN = (os.getenv("GONGWEN_BUILD") or "build") .. "/gongwen"
local CORPUS = T.shared .. "/corpus"
local SAMPLE = "sample"

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- Runs a shell command line; returns stdout and the exit code.
local function shell(cmd)
  local p = assert(io.popen(cmd .. " 2>/dev/null", "r"))
  local out = p:read("a")
  local _, _, code = p:close()
  return out, code
end

local function grep(...)
  local args = {}
  for i, a in ipairs({ ... }) do args[i] = quote(a) end
  return shell(quote(BIN) .. " grep --quiet " .. table.concat(args, " "))
end

local function lines(s)
  local t = {}
  for l in s:gmatch("[^\n]+") do t[#t + 1] = l end
  return t
end

T.test("a match on every line: (?m)$ gives one row per line, none past the last", function()
  -- donghu_2024.txt has 26 lines; the last is the date 2025年1月20日, line 12
  -- starts the section （三）矛盾纠纷多元化解 (1.3).
  local out, code = grep("(?m)$", SAMPLE .. "/donghu_2024.txt", "--format", "jsonl")
  T.eq(code, 0)
  local rows = lines(out)
  T.eq(#rows, 26)
  for k, l in ipairs(rows) do T.eq(math.tointeger(cjson.decode(l).line), k, "row " .. k) end
  local last = cjson.decode(rows[26])
  T.eq({ last.match, last.text }, { "", "2025年1月20日" })
  local starts = lines((grep("(?m)^", SAMPLE .. "/donghu_2024.txt", "--format", "jsonl")))
  T.eq(#starts, 26)
  T.eq(cjson.decode(starts[12]).section, "1.3 （三）矛盾纠纷多元化解")
  local _, end_code = grep("$", SAMPLE, "--format", "csv")
  T.eq(end_code, 0, "$ over the sample")
end)

T.test("the jsonl row of a match: whole line, section path and title", function()
  local out = grep("成功率", CORPUS .. "/003_3dec04221fb15ce6.txt", "--format", "jsonl")
  local rows = lines(out)
  T.eq(#rows, 1)
  local row = cjson.decode(rows[1])
  T.eq({ row.file, math.tointeger(row.line), row.section, row.match },
    { "003_3dec04221fb15ce6.txt", 21, "1.3 （三）全面夯实法治保障", "成功率" })
  T.ok(row.text:find("^（三）全面夯实法治保障。一是截至目前为止"), row.text)
  T.ok(rows[1]:find('^{"file":"003_3dec04221fb15ce6.txt","line":21,"section":'), "field order")
end)

T.test("-j 1 and -j 2 write the same bytes in every format, with context and counts", function()
  for _, extra in ipairs { {}, { "-C", "1" }, { "--count" } } do
    for _, fmt in ipairs { "jsonl", "json", "csv", "text", "md", "html" } do
      local a = grep("调解", CORPUS, SAMPLE, "-j", "1", "--format", fmt, table.unpack(extra))
      local b = grep("调解", CORPUS, SAMPLE, "-j", "2", "--format", fmt, table.unpack(extra))
      T.ok(#a > 100, fmt .. " has output")
      T.eq(a, b, fmt .. " " .. table.concat(extra, " "))
    end
  end
end)

T.test("csv rows made on the workers match the text table's rows", function()
  -- The text table shows the same file, line and section as the csv, row for row.
  local csv = lines((grep("调解成功率", SAMPLE, "--format", "csv"):gsub("\r\n", "\n")))
  local text = lines((grep("调解成功率", SAMPLE)))
  T.eq(csv[1], "file,line,section,match,text")
  T.eq(#csv, 7)                              -- the header and one row per report
  T.eq(#text, 8)                             -- the header, the rule and six rows
  T.ok(csv[2]:find("^donghu_2023.txt,12,1.3 （三）化解矛盾纠纷，维护社会和谐稳定,调解成功率,"), csv[2])
  T.ok(text[3]:find("^donghu_2023.txt +12 +1.3 （三）化解矛盾纠纷，维护社会和谐稳定 +调解成功率"), text[3])
  local path = os.tmpname() .. ".csv"
  grep("调解成功率", SAMPLE, "-o", path)      -- the format from the file name
  local f = assert(io.open(path, "rb"))
  T.eq(f:read("a"), table.concat(csv, "\n"):gsub("\n", "\r\n") .. "\r\n")
  f:close()
  os.remove(path)
end)

T.test("bench/rg_grep.lua writes gongwen's rows from rg's output", function()
  if not shell("command -v rg"):find("rg") then return end
  -- 调解 is 11, 11, 6 and 5 times in these reports, all under numbered headings
  -- (004 has unnumbered ones, which a line pattern does not see).
  local files = { "000_e4f3eb5238560b4d.txt", "001_621cb3420cf20d40.txt", "002_6a3c11ae070e1455.txt",
    "003_3dec04221fb15ce6.txt" }
  local peer = shell("cd " .. quote(CORPUS) .. " && rg -n --no-heading -o 调解 " .. table.concat(files, " ")
    .. " | lua5.4 " .. quote(shell("pwd"):gsub("\n$", "") .. "/bench/rg_grep.lua") .. " | sort")
  local paths = {}
  for i, f in ipairs(files) do paths[i] = quote(CORPUS .. "/" .. f) end
  local ours = shell(quote(BIN) .. " grep --quiet --format jsonl 调解 " .. table.concat(paths, " ") .. " | sort")
  T.eq(#lines(ours), 33)
  T.eq(peer, ours)
end)

T.done()
