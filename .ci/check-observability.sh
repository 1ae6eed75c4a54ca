#!/usr/bin/env bash
# Dashboards and alerts check (deploy/observability), no Prometheus or Grafana server needed:
#   (a) every JSON file parses, and the Grafana dashboard has its datasource/job/instance/route variables;
#   (b) every metric name in the dashboard's and the rules' PromQL (and in the rules' unit tests) is one a
#       running gateway exports: read from its /metrics, which .ci/smoke-run.sh saves while the README's run
#       command runs (artifacts/smoke/metrics.txt; .ci/check-observability.py does (a) and (b));
#   (c) `promtool check rules` and `promtool test rules` (typinggateway-alerts.test.yml), with promtool from
#       Debian's `prometheus` package (2.42 on Debian 12); the dashboard's PromQL is parsed by promtool too (written
#       as recording rules with Grafana's variables replaced: .ci/check-observability.py --promql-rules).
#
#   bash .ci/check-observability.sh [METRICS]              METRICS: a saved /metrics file, or the URL of a
#                                                          running gateway's /metrics (default: the smoke file)
#   bash .ci/check-observability.sh --self-test [METRICS]  also proves each check rejects a broken input: a
#                                                          misspelt metric in the dashboard and in the rules, a
#                                                          metric the gateway does not export, broken JSON, a
#                                                          PromQL syntax error in the dashboard, an unparsable
#                                                          rule, an invalid `for:`, a rule whose unit test fails
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

self_test=
if [ "${1:-}" = "--self-test" ]; then self_test=1; shift; fi
metrics=${1:-artifacts/smoke/metrics.txt}
obs=deploy/observability

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then echo "need root to apt-get install $*" >&2; return 1; fi
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v promtool >/dev/null || apt_install --no-install-recommends prometheus
python3 -c 'import yaml' 2>/dev/null || apt_install python3-yaml
echo "  $(promtool --version 2>&1 | head -1)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$metrics" in
  http://* | https://*)
    curl -sS --max-time 10 "$metrics" > "$work/metrics.txt"
    metrics=$work/metrics.txt ;;
esac
if [ ! -f "$metrics" ]; then
  echo "no $metrics: run .ci/smoke-run.sh first (it saves the gateway's /metrics there), or pass a saved" \
       "/metrics file or the URL of a running gateway's /metrics" >&2
  exit 2
fi
echo "  metric names from $metrics ($(grep -c '^# TYPE ' "$metrics") instruments)"

# The three checks on an observability directory (deploy/observability, or a broken copy of it).
check() {
  local dir=$1 metrics_file=$2 status=0 rules
  python3 .ci/check-observability.py "$metrics_file" "$dir" --promql-rules "$work/dashboard-promql.yml" || status=1
  if [ -s "$work/dashboard-promql.yml" ]; then
    echo "  the dashboard's PromQL, parsed by promtool:"
    promtool check rules "$work/dashboard-promql.yml" || status=1
  fi
  rm -f "$work/dashboard-promql.yml"
  rules=$(find "$dir/prometheus" -name '*.yml' ! -name '*.test.yml' | sort)
  # shellcheck disable=SC2086 # one argument per rules file
  promtool check rules $rules || status=1
  for t in "$dir"/prometheus/*.test.yml; do
    (cd "$(dirname "$t")" && promtool test rules "$(basename "$t")") || status=1
  done
  return "$status"
}

check "$obs" "$metrics"
echo "  dashboards and alerts: OK (JSON, metric names, promtool check rules, promtool test rules)"

if [ -n "$self_test" ]; then
  # Each case breaks one thing in a copy and must make check() fail with the expected message.
  failures=0 cases=0
  expect_failure() {
    local name=$1 pattern=$2 out
    cases=$((cases + 1))
    if out=$(check "$work/obs" "$work/metrics.txt" 2>&1); then
      echo "  self-test FAILED: $name passed the check" >&2; failures=$((failures + 1))
    elif ! grep -qE -- "$pattern" <<<"$out"; then
      echo "  self-test FAILED: $name failed without /$pattern/:" >&2; echo "$out" >&2
      failures=$((failures + 1))
    else
      echo "  self-test: $name rejected: $(grep -m1 -E -- "$pattern" <<<"$out" | sed 's/^ *//')"
    fi
  }
  fresh() { rm -rf "$work/obs"; cp -r "$obs" "$work/obs"; cp "$metrics" "$work/metrics.txt"; }
  dash=$work/obs/grafana/typinggateway-dashboard.json
  rules=$work/obs/prometheus/typinggateway-alerts.yml

  fresh; sed -i 's/typinggateway_guest_connections{/typinggateway_guest_conections{/' "$dash"
  expect_failure "misspelt metric in the dashboard" "metric typinggateway_guest_conections is not exported.*did you mean typinggateway_guest_connections"

  fresh; sed -i 's/(typinggateway_draining)/(typinggateway_drainig)/' "$rules"
  expect_failure "misspelt metric in an alert" "rule TypingGatewayDrainStuck: metric typinggateway_drainig is not exported"

  fresh; sed -i '/^# TYPE typinggateway_redis_duration_seconds /d' "$work/metrics.txt"
  expect_failure "metric the gateway does not export" "metric typinggateway_redis_duration_seconds_bucket is not exported"

  fresh; sed -i '$ d' "$dash"
  expect_failure "broken JSON" "typinggateway-dashboard.json: does not parse"

  fresh; sed -i 's|/ sum(increase(typinggateway_typing_frames_total|/ / sum(increase(typinggateway_typing_frames_total|' "$dash"
  expect_failure "PromQL syntax error in the dashboard" "panel [0-9]+ 'Typing collapse ratio' target A\", rule 1, \"dashboard:expression_[0-9]+\": could not parse expression"

  fresh; sed -i 's/max by (job, instance) (typinggateway_redis_available) == 0/max by (job, instance (typinggateway_redis_available) == 0/' "$rules"
  expect_failure "unparsable rule" "TypingGatewayRedisUnavailable\": could not parse expression"

  fresh; sed -i '0,/^        for: 1m$/s//        for: 1x/' "$rules"
  expect_failure "rule with an invalid duration" "not a valid duration string"

  fresh; sed -i 's/(typinggateway_draining) == 1/(typinggateway_draining) == 0/' "$rules"
  expect_failure "rule whose unit test fails" "alertname: TypingGatewayDrainStuck, time: "

  rm -rf "$work/obs"
  if [ "$failures" -ne 0 ]; then echo "  self-test: $failures of $cases broken inputs were not caught" >&2; exit 1; fi
  echo "  self-test: all $cases broken inputs rejected"
fi
echo "  took $((SECONDS - started)) s"
