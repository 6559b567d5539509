-- overhead.lua — per-document overhead of `gongwen SCRIPT -j N DIR`: the
-- smallest map/reduce there is (open, one Lua call, one number marshalled).
function map(doc)
  return #doc
end

function reduce(results)
  local chars = 0
  for _, n in ipairs(results) do chars = chars + n end
  print(#results, chars)
end
