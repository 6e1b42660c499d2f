"""Add up the per-process CSV files of a locust run: requests, failures, throughput and the
percentiles of each request kind (weighted by request count) and of all of them."""

from __future__ import annotations

import csv
import sys
from collections import defaultdict


def main(paths: list[str]) -> int:
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows[row["Name"]].append(row)
    print(f"{'request':28} {'count':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}")
    failures = 0
    for name, parts in rows.items():
        count = sum(int(p["Request Count"]) for p in parts)
        failed = sum(int(p["Failure Count"]) for p in parts)
        rate = sum(float(p["Requests/s"]) for p in parts)

        def percentile(
            column: str, parts: list[dict[str, str]] = parts, count: int = count
        ) -> float:
            # the per-process percentiles, weighted by their request counts (an approximation)
            total = sum(float(p[column] or 0) * int(p["Request Count"]) for p in parts)
            return total / count if count else 0.0

        if name == "Aggregated":
            failures = failed
        print(
            f"{name[:28]:28} {count:7d} {failed:5d} {rate:7.1f} {percentile('50%'):6.0f} "
            f"{percentile('95%'):6.0f} {percentile('99%'):6.0f}"
        )
    print("times in ms; p95/p99 of two processes combined by request-weighted mean")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
