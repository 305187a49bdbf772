-- Cycles through many articles instead of hammering one: BENCH_SLUGS names a file with one slug a line
-- (the seeder writes ~1,000 spread over the whole archive, shuffled), BENCH_PREFIX the path before the slug.
-- Each wrk thread starts at a different place in the list, so the threads do not ask for the same article
-- at the same moment. The ceiling is driven by this same script, so both pay the same load-generator cost.
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  slugs = {}
  for line in io.lines(os.getenv("BENCH_SLUGS")) do
    if #line > 0 then
      slugs[#slugs + 1] = line
    end
  end
  prefix = os.getenv("BENCH_PREFIX") or "/api/v1/articles/"
  i = ((id or 0) * 397) % #slugs
end

function request()
  i = i % #slugs + 1
  return wrk.format("GET", prefix .. slugs[i])
end
