#!/usr/bin/env bash
# Starts deploy/local/run-topology.sh on the published apps (artifacts/publish, the layout the container images hold:
# the gateway reads <app>/config), sends one request through nginx to each replica and on to the simulator, checks
# every replica's readiness on its management port, and stops it all. The integration test drives the same script
# on the build output. Bounded: the script waits at most 90 s for readiness; each request at most 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
state=$(mktemp -d)
cleanup() { bash deploy/local/run-topology.sh stop --state-dir "$state" || true; rm -rf -- "$state"; }
trap cleanup EXIT

bash deploy/local/run-topology.sh start --publish artifacts/publish --state-dir "$state" --timeout 90
# shellcheck disable=SC1091 # KEY=VALUE lines written by the script
source "$state/topology.env"

served=()
for i in 1 2; do
  headers=$(curl -sS --max-time 10 -D - -o "$state/body" "${LB_URL}echo/topology-smoke" -d "smoke $i")
  [ "$(cat "$state/body")" = "smoke $i" ] || { echo "unexpected echo body through nginx: $(cat "$state/body")" >&2; exit 1; }
  served+=("$(grep -i '^x-upstream-addr:' <<< "$headers" | tr -d '\r' | awk '{print $2}')")
done
[ "${served[0]}" != "${served[1]}" ] || { echo "nginx sent both requests to ${served[0]}: no round-robin" >&2; exit 1; }

for i in 1 2; do
  port_var="GATEWAY_${i}_MANAGEMENT_PORT"
  curl -sS --max-time 10 "http://127.0.0.1:${!port_var}/health/ready" | grep -q '"status":"Healthy"' || { echo "gateway-$i is not ready" >&2; exit 1; }
done
curl -sS --max-time 10 "${SIMULATOR_URL}_sim/counts" | grep -q '"http.POST":2' || { echo "the simulator did not record both requests" >&2; exit 1; }
echo "topology smoke test: OK (published apps; nginx sent the 2 requests to ${served[*]}, both reached the simulator)"
