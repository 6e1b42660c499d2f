#!/usr/bin/env bash
# make load: 50 concurrent users for 5 minutes against the demo on PostgreSQL, two gunicorn
# processes (2 workers each) behind no proxy, as on this 2-core machine. Prints locust's table
# and writes var/load/ (CSV of every request kind, with p50/p95/p99).
set -euo pipefail
cd "$(dirname "$0")/../.."
users="${LOAD_USERS:-50}" duration="${LOAD_DURATION:-5m}"
database="crosscluster_load_$$"
psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qc "$1"; }
psql_admin "CREATE DATABASE ${database}"
export CROSSCLUSTER_DATABASE_URL="postgres://postgres@127.0.0.1:5432/${database}"
# Production settings refuse plain http (secure cookies, an https site address); the load test
# speaks http to gunicorn directly, so it runs with CROSSCLUSTER_DEBUG=true (the same code; Django
# also records each request's SQL in memory, which makes the figures slightly pessimistic).
export CROSSCLUSTER_DEBUG=true CROSSCLUSTER_DEMO_PASSWORD="load-demo-$$" CROSSCLUSTER_LOG_LEVEL=ERROR
mkdir -p var/load
.venv/bin/crosscluster migrate --noinput -v 0
.venv/bin/crosscluster seed_demo --with-demo-users > /dev/null
.venv/bin/crosscluster shell -v 0 -c "
import json
from crosscluster.demo import load_targets
print(json.dumps(load_targets.find(password='${CROSSCLUSTER_DEMO_PASSWORD}')))" | tail -n 1 > var/load/targets.json
export CROSSCLUSTER_LOAD_TARGETS="$PWD/var/load/targets.json"
.venv/bin/gunicorn crosscluster.config.wsgi --bind 127.0.0.1:8131 --workers 2 > var/load/web1.log 2>&1 & web1=$!
.venv/bin/gunicorn crosscluster.config.wsgi --bind 127.0.0.1:8132 --workers 2 > var/load/web2.log 2>&1 & web2=$!
trap 'kill $web1 $web2 2>/dev/null || true; psql_admin "DROP DATABASE IF EXISTS ${database} WITH (FORCE)" || true' EXIT
for port in 8131 8132; do
  for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:${port}/readyz" > /dev/null 2>&1 && break; sleep 1; done
done
# One locust process per web process, half the users each (a load balancer's round robin).
half=$((users / 2))
.venv/bin/locust -f benchmarks/load/locustfile.py --headless -u "$half" -r 10 -t "$duration" \
  --host http://127.0.0.1:8131 --csv var/load/web1 --only-summary > var/load/locust1.txt 2>&1 & l1=$!
.venv/bin/locust -f benchmarks/load/locustfile.py --headless -u "$((users - half))" -r 10 -t "$duration" \
  --host http://127.0.0.1:8132 --csv var/load/web2 --only-summary > var/load/locust2.txt 2>&1 & l2=$!
wait $l1 || true
wait $l2 || true
.venv/bin/python benchmarks/load/summary.py var/load/web1_stats.csv var/load/web2_stats.csv
