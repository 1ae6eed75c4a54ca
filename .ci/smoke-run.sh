#!/usr/bin/env bash
# Starts `dotnet run --project src/TypingGateway.Dev` (the README's first command), waits for the
# gateway, sends one request through it to the simulator, saves its /metrics for the dashboards and alerts check
# (artifacts/smoke/metrics.txt, read by .ci/check-observability.sh), and stops it. Bounded to ~3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
dotnet run --project src/TypingGateway.Dev > "$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; pkill -f TypingGateway.Dev 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 180); do
  if grep -q "TypingGateway is running" "$log"; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "the run command exited early" >&2; exit 1; fi
  sleep 1
done
grep -q "TypingGateway is running" "$log" || { cat "$log"; echo "gateway did not start within 180 s" >&2; exit 1; }

body=$(curl -sS --max-time 10 http://127.0.0.1:5080/echo/smoke -d 'smoke-test')
[ "$body" = "smoke-test" ] || { echo "unexpected echo body: $body" >&2; exit 1; }
curl -sS --max-time 10 http://127.0.0.1:5080/health/ready | grep -q '"status":"Healthy"' || { echo "not ready" >&2; exit 1; }
curl -sS --max-time 10 http://127.0.0.1:5180/_sim/counts | grep -q '"http.POST":1' || { echo "simulator did not record the request" >&2; exit 1; }
curl -sS --max-time 10 http://127.0.0.1:5080/demo/ | grep -q 'TypingGateway live demo' || { echo "the live demo page is not served" >&2; exit 1; }
curl -sS --max-time 10 http://127.0.0.1:5080/demo/config.json | grep -q '"gateway":"ws://127.0.0.1:5080/genesys/v1?deploymentId=demo"' || { echo "unexpected /demo/config.json" >&2; exit 1; }
grep -q "Live demo  http://127.0.0.1:5080/demo/" "$log" || { echo "the banner does not print the demo URL" >&2; exit 1; }
mkdir -p artifacts/smoke
curl -sS --max-time 10 -o artifacts/smoke/metrics.txt http://127.0.0.1:5080/metrics
grep -q '^# TYPE typinggateway_' artifacts/smoke/metrics.txt || { echo "/metrics lists no typinggateway_ instrument" >&2; exit 1; }
echo "smoke test: OK (gateway answered, simulator recorded the request, live demo served, /metrics saved: $(grep -c '^# TYPE ' artifacts/smoke/metrics.txt) instruments)"
