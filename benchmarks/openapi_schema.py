"""How long ``GET /api/v1/openapi.json`` takes: the first request of a fresh process, the next
one, the first of a new process of the same code with a shared cache, and the first after the
web process's start-up warm-up (``config.wsgi``). Each case in its own interpreter, through the
whole Django stack (test client). Not a test: run it by hand, on the code to measure.

    .venv/bin/python benchmarks/openapi_schema.py [rounds]

Results: docs/benchmarks.md "The API's OpenAPI schema".
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile

CASE = r"""
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crosscluster.config.settings")
os.environ["CROSSCLUSTER_DEBUG"] = "true"
import django
django.setup()
from django.test.utils import override_settings
case, folder = sys.argv[1], sys.argv[2]
cache = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                     "LOCATION": folder}}
with override_settings(CACHES=cache):
    from django.test import Client
    import crosscluster.config.urls
    if case == "warmed":
        import crosscluster.config.wsgi
        time.sleep(30)  # the proxy's first requests come some seconds after the start
    client = Client()
    times = []
    for _ in range(2):
        start = time.perf_counter()
        answer = client.get("/api/v1/openapi.json")
        times.append(time.perf_counter() - start)
        assert answer.status_code == 200
    print(times[0], times[1])
"""


def run(case: str, folder: str) -> tuple[float, float]:
    done = subprocess.run(  # noqa: S603 (this interpreter, our own script)
        [sys.executable, "-c", CASE, case, folder], capture_output=True, text=True, check=True
    )
    first, second = done.stdout.split()[-2:]
    return float(first), float(second)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rows: dict[str, list[float]] = {}
    for _ in range(rounds):
        folder = tempfile.mkdtemp(prefix="openapi-cache-")
        try:
            first, second = run("cold", folder)  # empty cache: builds (and stores)
            rows.setdefault("first request, new process, empty cache", []).append(first)
            rows.setdefault("second request, same process", []).append(second)
            first, _ = run("cold", folder)  # the same code again: the cache holds it
            rows.setdefault("first request, new process, schema in the cache", []).append(first)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        folder = tempfile.mkdtemp(prefix="openapi-cache-")
        try:
            first, _ = run("warmed", folder)
            rows.setdefault("first request 30 s after start (warm-up), empty cache", []).append(
                first
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    for name, values in rows.items():
        print(
            f"{name}: min {min(values):.3f} s, median {statistics.median(values):.3f} s, "
            f"max {max(values):.3f} s"
        )


if __name__ == "__main__":
    main()
