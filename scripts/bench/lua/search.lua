-- Search queries drawn from the seeded vocabulary: the target path names its set (".../search?set=two&limit=20&q="),
-- BENCH_QUERIES the folder with one file per set (<set>.txt, one URL-encoded query a line). Each thread starts at
-- a different query, so the threads do not ask for the same one at the same moment.
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  local set = string.match(wrk.path, "set=(%w+)")
  queries = {}
  for line in io.lines(os.getenv("BENCH_QUERIES") .. "/" .. set .. ".txt") do
    if #line > 0 then
      queries[#queries + 1] = line
    end
  end
  i = ((id or 0) * 7) % #queries
end

function request()
  i = i % #queries + 1
  return wrk.format("GET", wrk.path .. queries[i])
end
