#!/usr/bin/env python3
"""Paced edits for the mixed-workload benchmark: edits.py BASE_URL KEY PER_SECOND SECONDS ID [ID...]

Merge-patches the title of the given articles round-robin at PER_SECOND for SECONDS (If-Match: *), the way an
editorial team's saves land while readers read other articles. Prints one line: edits made, failures, edits/s.
"""
import json, sys, time, urllib.request, urllib.error

base, key, rate, seconds, ids = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5:]
done = failed = 0
start = time.monotonic()
while True:
    due = start + done / rate + failed / rate
    now = time.monotonic()
    if now - start >= seconds:
        break
    if due > now:
        time.sleep(due - now)
    article = ids[(done + failed) % len(ids)]
    body = json.dumps({"title": f"Benchmark edit {done + failed}"}).encode()
    request = urllib.request.Request(f"{base}/api/v1/articles/{article}", data=body, method="PATCH", headers={
        "Authorization": f"Bearer {key}", "If-Match": "*", "Content-Type": "application/merge-patch+json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            done += 1
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        failed += 1
elapsed = time.monotonic() - start
print(f"edits {done} failed {failed} per_second {done / elapsed:.1f}")
