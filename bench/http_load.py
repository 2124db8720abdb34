"""Requests to the site on loopback: one fetch, a bounded load on one URL from a few threads,
its percentiles, and a response's sizes as served and gzipped. Only 127.0.0.1 is requested."""

import gzip
import http.client
import threading
import time
from collections import Counter

HOST = "127.0.0.1"
HTML = {"Accept": "text/html", "Accept-Encoding": "gzip"}
JSON = {"Accept": "application/json", "Accept-Encoding": "gzip"}
GEOJSON = {"Accept": "application/geo+json", "Accept-Encoding": "gzip"}


def fetch(port, path, headers, timeout=120):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


def load(port, path, headers, *, concurrency, seconds, max_requests):
    """Requests from `concurrency` threads until `max_requests` are sent or `seconds` pass."""
    lock = threading.Lock()
    latencies, statuses = [], Counter()
    issued = 0
    deadline = time.monotonic() + seconds

    def client():
        nonlocal issued
        while True:
            with lock:
                if issued >= max_requests or time.monotonic() >= deadline:
                    return
                issued += 1
            started = time.perf_counter()
            try:
                status = fetch(port, path, headers)[0]
            except OSError as error:
                status = type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[str(status)] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "statuses": dict(statuses),
        "p50_ms": ms(percentile(latencies, 0.50)),
        "p95_ms": ms(percentile(latencies, 0.95)),
        "rps": round(len(latencies) / wall, 1) if wall else None,
        "seconds": round(wall, 1),
    }


def sizes(port, path, headers):
    status, body, response_headers = fetch(port, path, headers)
    encoding = response_headers.get("Content-Encoding", "")
    raw = gzip.decompress(body) if encoding == "gzip" else body
    return {
        "status": status,
        "served_bytes": len(body),
        "served_encoding": encoding or "identity",
        "raw_bytes": len(raw),
        "gzip_bytes": len(gzip.compress(raw, compresslevel=6)),
    }
