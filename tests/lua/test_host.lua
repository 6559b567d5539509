-- test_host.lua — the `gongwen` command, run as a subprocess: dispatch, exit
-- statuses, the script protocol (map/reduce on workers), the option parser,
-- error reports, and -j 1 / -j 2 giving the same bytes.
-- Needs GONGWEN_BUILD (the build dir); run from the project root.
local T = require "check"
local cli = require "gongwen.cli"

local build = os.getenv("GONGWEN_BUILD") or "build"
local GW = build .. "/gongwen"
local F = "tests/fixtures/host/"
local S = F .. "scripts/"

local q = T.quote

-- run(args [, stdin text [, env prefix]]) -> stdout, stderr, exit status
local function run(args, input, env)
  local infile = os.tmpname()
  local f = assert(io.open(infile, "wb")); f:write(input or ""); f:close()
  local out, err, code = T.sh(string.format("%s %s %s < %s", env or "", q(GW), args, q(infile)))
  os.remove(infile)
  return out, err, code
end

local function has(s, text, what) T.ok(s:find(text, 1, true), (what or "output") .. " has " .. text .. " in:\n" .. s) end

T.test("--version names gongwen, Lua and PCRE2", function()
  local out, _, code = run("--version")
  T.eq(code, 0, "exit")
  T.ok(out:match("^gongwen 0%.1%.0\n"), out)
  has(out, "Lua 5.4"); has(out, "PCRE2 10.")
end)

T.test("--help exits 0, no arguments and unknown options exit 2 with usage", function()
  local out, _, code = run("--help")
  T.eq(code, 0, "--help exit"); has(out, "usage: gongwen")
  local _, err
  _, err, code = run("")
  T.eq(code, 2, "no arguments exit"); has(err, "usage: gongwen")
  _, err, code = run("--frobnicate")
  T.eq(code, 2, "unknown option exit"); has(err, "unknown option --frobnicate")
  _, err, code = run("no_such_script_name")
  T.eq(code, 2, "unknown script exit"); has(err, "no script 'no_such_script_name'")
end)

T.test("-e runs code with the module as gw and the arguments as ...", function()
  local out, _, code = run([[-e 'print(gw.version, gw == require "gongwen", select("#", ...), ...)' a 'b c']])
  T.eq(code, 0, "exit")
  T.eq(out, "0.1.0\ttrue\t2\ta\tb c\n")
end)

T.test("a script gets arg and ...; NAME finds it in GONGWEN_SCRIPTS", function()
  local out, _, code = run(q(S .. "hello.lua") .. " x y")
  T.eq(code, 0, "exit"); T.eq(out, "hello\thello.lua\t2\tx\ty\n")
  out, _, code = run("hello z", nil, "GONGWEN_SCRIPTS=" .. q(S))
  T.eq(code, 0, "exit by name"); T.eq(out, "hello\thello.lua\t1\tz\n")
end)

T.test("--list shows each script with its description", function()
  local out, _, code = run("--list", nil, "GONGWEN_SCRIPTS=" .. q(S))
  T.eq(code, 0, "exit")
  T.ok(out:find("\n?%s+chars%s+characters and encoding of each document\n"), out)
  T.ok(out:find("%s+hello%s+prints its arguments\n"), out)  -- from `about = "..."`
  T.ok(out:find("%s+fail%s+errors at top level on line 3\n"), out)
  T.ok(not out:find("helpers", 1, true), "a module (ends with return) is not listed")
end)

T.test("a script can require a module kept beside it", function()
  local out, err, code = run("-e " .. q("print(require('helpers').twice(21))"))
  T.eq(code, 1, "-e has no script directory"); has(err, "module 'helpers' not found")
  local copy = S .. "copy_" .. os.tmpname():match("[^/]*$") .. ".lua"  -- a user's copy of a script
  local f = assert(io.open(copy, "w"))
  f:write("print(require('helpers').twice(21))\n"); f:close()
  out, err, code = run(q(copy))
  os.remove(copy)
  T.eq(code, 0, "exit: " .. err); T.eq(out, "42\n")
end)

T.test("a script error exits 1 with the script's file:line and a traceback", function()
  local out, err, code = run(q(S .. "fail.lua"))
  T.eq(code, 1, "exit"); T.eq(out, "")
  has(err, "fail.lua:3: attempt to perform arithmetic on a nil value"); has(err, "stack traceback:")
  _, err, code = run("-e 'local x = nil; x()'")
  T.eq(code, 1, "-e exit"); has(err, "(command line):1:")
end)

T.test("corpus run: results in path order, bad files reported, the others processed", function()
  local out, err, code = run(q(S .. "chars.lua") .. " " .. q(F .. "corpus"))
  -- a.txt 甲乙丙丁\n = 5 chars; d/e.txt 子目录\n = 4; gb.txt 国标编码\n in GB18030 = 5.
  T.eq(out, "a.txt\t5\tutf-8\tinteger\tfloat\n" ..
            "e.txt\t4\tutf-8\tinteger\tfloat\n" ..
            "gb.txt\t5\tgb18030\tinteger\tfloat\n" ..
            "results\t3\n")
  T.eq(code, 1, "exit after failures")
  has(err, F .. "corpus/b.txt:1:3 (byte 3): invalid UTF-8", "stderr")
  has(err, F .. "corpus/c.txt: " .. S .. "chars.lua:5: boom in", "stderr")
  has(err, "gongwen: 2 of 5 inputs failed", "stderr")
  T.ok(not err:find("notes.md", 1, true), "notes.md is not a *.txt")
  T.ok(err:find("b.txt", 1, true) < err:find("c.txt", 1, true), "failures in path order")
end)

T.test("corpus run over the shared reports: characters as Python counts them", function()
  local out, err, code = run(q(S .. "chars.lua") .. " -j 2 " .. q(T.shared .. "/corpus"))
  T.eq(code, 0, "exit: " .. err)
  T.eq(out, "000_e4f3eb5238560b4d.txt\t4445\tutf-8\tinteger\tfloat\n" ..
            "001_621cb3420cf20d40.txt\t4028\tutf-8\tinteger\tfloat\n" ..
            "002_6a3c11ae070e1455.txt\t3255\tutf-8\tinteger\tfloat\n" ..
            "003_3dec04221fb15ce6.txt\t3128\tutf-8\tinteger\tfloat\n" ..
            "004_7ce380657ba69b2b.txt\t2265\tutf-8\tinteger\tfloat\n" ..
            "results\t5\n")
  -- --min skips documents whose map returns nil
  out = run(q(S .. "chars.lua") .. " --min 4000 " .. q(T.shared .. "/corpus"))
  T.eq(select(2, out:gsub("\n", "")), 3, "lines with --min 4000")
end)

T.test("-j 1 and -j 2 give byte-identical output over 300 files", function()
  local dir = os.tmpname(); os.remove(dir)
  assert(os.execute("mkdir -p " .. q(dir .. "/sub")))
  for i = 1, 300 do
    local f = assert(io.open(string.format("%s/%s%03d.txt", dir, i % 3 == 0 and "sub/" or "", i), "wb"))
    f:write(string.rep("第" .. i .. "行\n", i % 7 + 1))
    if i % 50 == 0 then f:write("BOOM\n") end
    f:close()
  end
  local o1, e1, c1 = run(q(S .. "chars.lua") .. " -j 1 " .. q(dir))
  local o2, e2, c2 = run(q(S .. "chars.lua") .. " -j2 " .. q(dir))
  local o4 = run(q(S .. "chars.lua") .. " --jobs=4 " .. q(dir))
  os.execute("rm -rf " .. q(dir))
  T.eq(c1, 1, "exit (6 files with BOOM)"); T.eq(c2, 1, "exit -j 2")
  T.ok(o1 == o2 and o1 == o4, "stdout identical")
  T.ok(e1 == e2, "stderr identical")
  has(o1, "results\t294\n")
  has(e1, "gongwen: 6 of 300 inputs failed")
  T.ok(o1:find("^001%.txt\t") and o1:find("\n299%.txt\t"), "sorted, top dir before sub/")
end)

T.test("a result that is not plain data is reported with the file and the place", function()
  local out, err, code = run(q(S .. "badresult.lua") .. " " .. q(F .. "corpus/a.txt"))
  T.eq(code, 1, "exit"); T.eq(out, "results\t0\n")
  has(err, F .. "corpus/a.txt: result.rows[1].f is a function", "stderr")
end)

T.test("-e with map and reduce; reduce errors exit 1; - reads standard input", function()
  local code_text = [[function map(d) return {n = #d, t = d:text()} end
function reduce(r) for _, x in ipairs(r) do io.write(x.n, " ", x.t) end end]]
  local out, _, code = run("-e " .. q(code_text) .. " -", "标准输入\n")
  T.eq(code, 0, "exit"); T.eq(out, "5 标准输入\n")
  local err
  out, err, code = run("-e " .. q("function map() return 1 end function reduce() error('in reduce') end")
                        .. " " .. q(F .. "corpus/a.txt"))
  T.eq(code, 1, "reduce error exit"); has(err, "(command line):1: in reduce")
  out, err, code = run("-e " .. q("function map() return 1 end") .. " /no/such/dir")
  T.eq(code, 1, "missing path exit"); has(err, "/no/such/dir")
end)

T.test("script options: parsed for the script, usage errors exit 2, --help exits 0", function()
  local out, err, code = run(q(S .. "opts.lua") .. " -iC3 --part=plans PAT " .. q(F .. "corpus/a.txt")
                             .. " --glob '*.txt' -j 2 --format csv")
  T.eq(code, 0, "exit: " .. err)
  T.eq(out, "caseless=true\ncontext=3\nencoding=auto\nexcel=false\nformat=csv\nglob={*.txt}\n" ..
            "help=false\njobs=2\npart=plans\npaths={" .. F .. "corpus/a.txt}\npattern=PAT\nquiet=false\n")
  out, err, code = run(q(S .. "opts.lua") .. " --context many PAT x")
  T.eq(code, 2, "bad number exit"); has(err, "option --context needs a number, not 'many'")
  has(err, "usage: gongwen " .. S .. "opts.lua [options] PATTERN PATH...")
  _, err, code = run(q(S .. "opts.lua") .. " --format xml PAT x")
  T.eq(code, 2, "bad choice exit"); has(err, "--format must be one of text, csv, json, jsonl, md, html")
  _, err, code = run(q(S .. "opts.lua"), "", "")
  T.eq(code, 2, "missing positional exit"); has(err, "missing argument PATTERN")
  out, _, code = run("opts --help", nil, "GONGWEN_SCRIPTS=" .. q(S))
  T.eq(code, 0, "--help exit")
  has(out, "usage: gongwen opts [options] PATTERN PATH...\nprints the parsed options, sorted\n")
  has(out, "  -C, --context N")
end)

T.test("-i reads lines, prints values, reports errors and goes on", function()
  local out, err, code = run("-i", "x = 20\nx + 1\nfor i = 1, 2 do\nprint(i)\nend\nerror('oops')\nreturn gw.version, nil\n")
  T.eq(code, 0, "exit")
  T.eq(out, "21\n1\n2\n0.1.0\tnil\n")
  has(err, "stdin:1: oops", "stderr")
end)

-- The parser alone, as scripts see it.
T.test("cli.parse: forms of options, positionals, -- and -", function()
  local options = {
    {"caseless", short = "i"}, {"quote", short = "Q"},
    {"context", short = "C", arg = "N", type = "integer", default = 0},
    {"unit", arg = "U", multiple = true},
    {"max-rows", arg = "N", type = "number"},
    positional = {"pattern"},
  }
  local o = cli.parse({"-iQ", "-C", "2", "P", "a", "--unit=件", "--unit", "次", "--", "-x", "-"}, options)
  T.eq(o.caseless, true); T.eq(o.quote, true); T.eq(o.context, 2); T.eq(o.pattern, "P")
  T.eq(o.unit, {"件", "次"}); T.eq(o.paths, {"a", "-x", "-"}); T.eq(o.max_rows, nil)
  T.eq(o.jobs, 1); T.eq(o.format, "text"); T.eq(o.encoding, "auto"); T.eq(o.glob, nil)
  o = cli.parse({"P", "-C5", "--max-rows=2.5", "-o", "out.csv", "--excel", "--quiet"}, options)
  T.eq(o.context, 5); T.eq(o.max_rows, 2.5); T.eq(o.output, "out.csv"); T.eq(o.excel, true)
  T.eq(o.quiet, true); T.eq(o.caseless, false); T.eq(o.paths, {})
  o = cli.parse({"x"}, nil)
  T.eq(o.paths, {"x"})
end)

T.test("cli.parse: usage errors and help are error objects", function()
  local options = {{"context", short = "C", arg = "N", type = "integer"}, positional = {"pattern"}}
  local function err_of(args)
    local ok, e = pcall(cli.parse, args, options, {name = "gongwen t"})
    T.ok(not ok, "raised"); T.eq(type(e), "table", "error object"); return e
  end
  local e = err_of({"P", "-C", "1.5"})
  T.eq(e.kind, "usage"); T.eq(e.message, "option --context needs an integer, not '1.5'")
  has(e.usage, "usage: gongwen t [options] PATTERN PATH...")
  T.eq(err_of({"P", "-j", "0"}).message, "option --jobs must be at least 1")
  T.eq(err_of({"P", "--quiet=yes"}).message, "option --quiet takes no value")
  T.eq(err_of({"P", "-C"}).message, "option -C needs a value (N)")
  T.eq(err_of({"P", "-z"}).message, "unknown option -z")
  T.eq(err_of({}).message, "missing argument PATTERN")
  e = err_of({"--help"})
  T.eq(e.kind, "help"); has(tostring(e), "  -C, --context N")
end)

T.done()
