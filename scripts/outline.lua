-- outline: the heading tree of each report with line numbers, and its numbering diagnostics
--
--   gongwen outline REPORTS... [--depth N] [--format ...] [-o FILE]
--
-- text, md and html show one indented tree per report, then its diagnostics
-- (gaps, repeats, restarts, mixed levels).  csv, json and jsonl give one flat
-- table: file, kind ("section" or "diagnostic"), line, level, label, title,
-- numbered, part, parts (all the parts a heading covers), path, message.
local report = require "gongwen.report"

about = "the heading tree of each report with line numbers, and the numbering diagnostics"
options = {
  { "depth", arg = "N", type = "integer", default = 0, min = 0,
    help = "show headings down to this depth of the tree (0: all)" },
}

local DISPLAY = { text = true, md = true, html = true }

local function plain_list(t)
  if type(t) ~= "table" then return nil end
  return table.move(t, 1, #t, 1, {})
end

local function walk(section, depth, max_depth, out)
  for _, child in ipairs(section.children) do
    out[#out + 1] = {
      kind = "section", depth = depth, line = child.line, level = child.level,
      label = child.label or "", title = child.title or "", numbered = child.numbered,
      part = child.part, parts = plain_list(child.parts), path = child.path,
    }
    if max_depth == 0 or depth < max_depth then walk(child, depth + 1, max_depth, out) end
  end
end

function map(doc, opts)
  local sections = {}
  walk(doc:outline(), 1, opts.depth, sections)
  local diagnostics = {}
  for i, d in ipairs(doc:diagnostics()) do
    diagnostics[i] = { kind = "diagnostic", line = d.line, message = d.message }
  end
  local meta = doc.meta
  return { file = doc.path or doc.name, title = meta.title, org = meta.org, year = meta.year,
    sections = sections, diagnostics = diagnostics }
end

-- Display formats: per report, the tree (indented by depth) and its diagnostics.
local function display_sections(results, files)
  local out = {}
  for i, r in ipairs(results) do
    local rows = {}
    for j, s in ipairs(r.sections) do
      local unnumbered = s.numbered and "" or " [unnumbered]"
      rows[j] = { line = s.line, heading = string.rep("  ", s.depth - 1) .. s.label .. s.title .. unnumbered,
        part = s.depth == 1 and (s.parts and table.concat(s.parts, "+") or s.part) or nil }
    end
    local about_doc = { files[i] }
    local facts = { r.title, r.org, r.year and tostring(r.year) }
    for k = 1, 3 do
      if facts[k] then about_doc[#about_doc + 1] = facts[k] end
    end
    out[#out + 1] = { title = table.concat(about_doc, "  "), rows = rows,
      columns = { "line", "heading", "part" }, chart = false }
    if #r.diagnostics > 0 then
      out[#out + 1] = { title = files[i] .. "  diagnostics", rows = r.diagnostics,
        columns = { "line", "message" }, chart = false }
    end
  end
  return out
end

function reduce(results, opts)
  local files = {}
  for i, r in ipairs(results) do files[i] = r.file end
  files = report.short_paths(files)
  local o = report.options(opts, { title = "gongwen outline" })
  if DISPLAY[o.format] then
    return report.write_sections(display_sections(results, files), o)
  end
  local rows = {}
  for i, r in ipairs(results) do
    for _, list in ipairs({ r.sections, r.diagnostics }) do
      for _, row in ipairs(list) do
        row.file, row.depth = files[i], nil
        rows[#rows + 1] = row
      end
    end
  end
  o.columns = { "file", "kind", "line", "level", "label", "title", "numbered", "part", "parts", "path", "message" }
  report.write(rows, o)
end
