#!/usr/bin/env python3
"""Writes on random live API instances and reads each write back through the proxy at once.

  fresh-writes.py PROXY_URL LIVE_FILE KEY SECONDS ID [ID...]

LIVE_FILE lists the base URLs of the instances that are up, one per line; it is read before every write, so the
caller can take an instance out before it kills it and put it back when it is up again. A write that was in flight
to an instance when it was taken out and killed is counted apart (lostToKill): nginx does not retry a PATCH, and a
client of a dead instance sees its connection drop, which is what a kill -9 means. Each write is a merge patch
of an article's title on one instance; the read is anonymous, through the proxy, right after the write's answer.
Prints one JSON line: writes, stale reads, failed writes, failed reads, writes per second.
"""
import json, random, sys, time, urllib.request, urllib.error

proxy, live_file, key, seconds, ids = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5:]

def call(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        return 0, str(e).encode()

writes = stale = failed_writes = failed_reads = lost_to_kill = 0
errors = []
deadline = time.monotonic() + seconds
started = time.monotonic()
n = 0
while time.monotonic() < deadline:
    with open(live_file) as f:
        live = [line.strip() for line in f if line.strip()]
    instance = random.choice(live)
    article = random.choice(ids)
    n += 1
    title = f"Scale-out write {n} {random.randrange(10**9)}"
    status, body = call("PATCH", f"{instance}/api/v1/articles/{article}", json.dumps({"title": title}).encode(),
                        {"Authorization": f"Bearer {key}", "If-Match": "*", "Content-Type": "application/merge-patch+json"})
    if status != 200:
        with open(live_file) as f:
            still_live = instance in [line.strip() for line in f]
        if status == 0 and not still_live:
            lost_to_kill += 1
        else:
            failed_writes += 1
            errors.append(f"write on {instance}: {status} {body[:200]!r}")
        continue
    writes += 1
    status, body = call("GET", f"{proxy}/api/v1/articles/{article}")
    if status != 200:
        failed_reads += 1
        errors.append(f"read through the proxy: {status} {body[:200]!r}")
    elif json.loads(body)["title"] != title:
        stale += 1
        errors.append(f"stale read of {article}: wanted {title!r}, got {json.loads(body)['title']!r}")

elapsed = time.monotonic() - started
print(json.dumps({"writes": writes, "stale": stale, "failedWrites": failed_writes, "failedReads": failed_reads, "lostToKill": lost_to_kill,
                  "writesPerSecond": round(writes / elapsed, 1), "errors": errors[:10]}))
