"""The site survives a PostgreSQL restart without being restarted itself.

Run by .ci/run while it restarts PostgreSQL under the two web processes:

    python -m tests.multiprocess.faults --seconds 30 http://127.0.0.1:8101 http://127.0.0.1:8102

It asks for the partnership page and the API list again and again across the restart. Every
answer must be a 200, or a 503 with ``Retry-After`` while the database is away (never a 500, a
dropped connection or a hang), and the last answers, after the restart, 200 again: the processes
reconnect by themselves (``CONN_HEALTH_CHECKS``). It prints what it saw.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
import urllib.error
import urllib.request

PATHS = ("/partnerships/", "/api/v1/partnerships/")
TIMEOUT_SECONDS = 15
SETTLED_SECONDS = 3


def ask(url: str) -> tuple[int | str, float, str]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, time.monotonic() - started, ""
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started, error.headers.get("Retry-After", "")
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        return f"no answer ({error})", time.monotonic() - started, ""


def main(bases: list[str], seconds: float) -> int:
    seen: collections.Counter[str] = collections.Counter()
    problems: list[str] = []
    last_answers: list[tuple[float, int | str]] = []
    end = time.monotonic() + seconds
    slowest = 0.0
    while time.monotonic() < end:
        for base in bases:
            for path in PATHS:
                status, took, retry_after = ask(base + path)
                slowest = max(slowest, took)
                seen[str(status)] += 1
                last_answers.append((time.monotonic(), status))
                if status == 503 and not retry_after:
                    problems.append(f"{base}{path}: 503 without Retry-After")
                elif status not in (200, 503):
                    problems.append(f"{base}{path}: {status} after {took:.1f} s")
        time.sleep(0.05)
    settled = [status for at, status in last_answers if at >= end - SETTLED_SECONDS]
    if not settled or any(status != 200 for status in settled):
        problems.append(f"not back after the restart: last answers {settled[-6:]}")
    print(f"answers: {dict(seen)}; slowest {slowest:.2f} s")
    for problem in problems[:20]:
        print("PROBLEM", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bases", nargs="+")
    parser.add_argument("--seconds", type=float, default=30)
    arguments = parser.parse_args()
    sys.exit(main(arguments.bases, arguments.seconds))
