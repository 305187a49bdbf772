-- Revalidation: every request carries If-None-Match with the article's current ETag (BENCH_ETAG, quotes
-- included), as a browser or CDN does when its copy is stale; the answer should be 304 with no body.
wrk.headers["If-None-Match"] = os.getenv("BENCH_ETAG")
