#!/usr/bin/python3
"""Time real Jinja2 on the template benchmark's pages, in Python itself, for reference.

Reads {"pages": [{"name", "source", "data"}], "seconds": s} on stdin; prints one JSON object:
{"version": ..., "python": ..., "results": {name: {"output", "rates": [renders per CPU-second, ...]}}}.
Each page is rendered for a warm-up, then `rounds` batches of about `seconds` each.
"""
import json
import sys
import time

import jinja2


def rate(fn, seconds):
    """Renders per CPU-second of this process (as the Node side counts), over `seconds` of wall time."""
    n, start, cpu = 0, time.perf_counter(), time.process_time()
    while True:
        for _ in range(20):
            fn()
        n += 20
        if time.perf_counter() - start >= seconds:
            return n / (time.process_time() - cpu)


def main():
    job = json.load(sys.stdin)
    env = jinja2.Environment(autoescape=True)
    results = {}
    for page in job["pages"]:
        template = env.from_string(page["source"])
        data = page["data"]
        render = lambda: template.render(data)  # noqa: E731
        rate(render, job["seconds"] / 2)
        rates = [rate(render, job["seconds"]) for _ in range(job["rounds"])]
        results[page["name"]] = {"output": render(), "rates": rates}
    print(json.dumps({"version": jinja2.__version__, "python": sys.version.split()[0], "results": results}))


main()
