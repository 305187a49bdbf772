-- wrk: anonymous reads spread over article pages and list pages (paths in the file named by PATHS, one per line).
local paths = {}
init = function(args)
  for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
