#!/usr/bin/env python3
"""Checks the dashboards and alerting rules in deploy/observability against what the gateway exports.

    python3 .ci/check-observability.py METRICS_FILE [OBSERVABILITY_DIR] [--promql-rules OUT]

METRICS_FILE is a running gateway's /metrics (Prometheus text format, saved by .ci/smoke-run.sh);
OBSERVABILITY_DIR defaults to deploy/observability beside this script's parent. With --promql-rules, the
dashboards' PromQL (panel targets, the selectors of query variables) is written to OUT as recording rules,
Grafana's variables replaced ($__rate_interval and the like by 5m, the others by .*), one group per panel or
variable, so that `promtool check rules OUT` parses every expression with Prometheus' own parser.

Fails (exit 1) listing every problem at once, when:
  * a *.json file under OBSERVABILITY_DIR does not parse (duplicate keys count as an error);
  * a Grafana dashboard lacks schemaVersion, the `datasource` variable of type datasource (prometheus),
    or the job/instance/route query variables, or a panel or target queries a data source other than
    ${datasource};
  * a metric name in a PromQL expression is not exported by the gateway: dashboard targets and query
    variables (label_values, query_result), the `expr` of every rule in prometheus/*.yml, and the
    series and expressions of the promtool unit tests (*.test.yml). Exported names are read from the
    metrics file's `# TYPE name kind` lines (a histogram adds name_bucket, _sum and _count; a summary
    _sum and _count); names recorded by the rules files count as exported, and so do the few series
    Prometheus makes itself (up, ALERTS, ...).
Exit 2: bad usage, PyYAML missing, or a metrics file that is not a gateway's /metrics.
"""

from __future__ import annotations

import difflib
import glob
import json
import os
import re
import sys

try:
    import yaml
except ImportError:
    print("PyYAML is missing (apt-get install python3-yaml)", file=sys.stderr)
    sys.exit(2)

# Series Prometheus writes itself, not the gateway.
PROMETHEUS_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped", "ALERTS", "ALERTS_FOR_STATE"}

# PromQL keywords that are never metric names. The ones that take a label list in parentheses come first.
LABEL_LIST_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
OTHER_KEYWORDS = {"and", "or", "unless", "bool", "offset", "atan2", "inf", "nan"}
AGGREGATIONS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
                "bottomk", "topk", "quantile", "limitk", "limit_ratio"}

IDENT = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")
NAME_MATCHER = re.compile(r"""__name__\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def _skip_string(s: str, i: int) -> int:
    """s[i] is a quote; returns the index just past the closing quote."""
    quote = s[i]
    i += 1
    while i < len(s):
        if s[i] == "\\" and quote != "`":
            i += 2
            continue
        if s[i] == quote:
            return i + 1
        i += 1
    raise ValueError("unterminated string")


def _skip_group(s: str, i: int, opening: str, closing: str) -> tuple[int, str]:
    """s[i] is `opening`; returns the index past the matching `closing` and the text between."""
    depth, start = 0, i
    while i < len(s):
        c = s[i]
        if c in "\"'`":
            i = _skip_string(s, i)
            continue
        if c == opening:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return i + 1, s[start + 1:i]
        i += 1
    raise ValueError(f"unbalanced {opening}{closing}")


def _next_char(s: str, i: int) -> tuple[int, str]:
    while i < len(s) and s[i].isspace():
        i += 1
    return i, s[i] if i < len(s) else ""


def promql_metric_names(expr: str) -> set[str]:
    """Metric names an expression selects: identifiers outside strings, label matchers, ranges and label
    lists that are not functions, aggregations or keywords (plus __name__="..." matchers)."""
    names: set[str] = set()
    i = 0
    while i < len(expr):
        c = expr[i]
        if c in "\"'`":
            i = _skip_string(expr, i)
        elif c == "#":
            end = expr.find("\n", i)
            i = len(expr) if end < 0 else end
        elif c == "{":
            i, inner = _skip_group(expr, i, "{", "}")
            names.update(a or b for a, b in NAME_MATCHER.findall(inner))
        elif c == "[":
            i, _ = _skip_group(expr, i, "[", "]")  # ranges, subqueries, Grafana's $__rate_interval
        elif c == "$":
            # A Grafana variable: ${name}, ${name:format} or $name.
            i += 1
            if i < len(expr) and expr[i] == "{":
                i, _ = _skip_group(expr, i, "{", "}")
            else:
                m = IDENT.match(expr, i)
                i = m.end() if m else i
        elif c.isdigit() or (c == "." and i + 1 < len(expr) and expr[i + 1].isdigit()):
            # Numbers and durations: 0.99, 1e3, 0x1f, 5m, 1h30m.
            m = re.compile(r"[0-9A-Za-z_.]+").match(expr, i)
            i = m.end()
        elif IDENT.match(expr, i):
            m = IDENT.match(expr, i)
            word, i = m.group(0), m.end()
            j, following = _next_char(expr, i)
            lower = word.lower()
            if following == "(":
                if lower in LABEL_LIST_KEYWORDS:
                    i, _ = _skip_group(expr, j, "(", ")")
                # Otherwise a function or aggregation call: its arguments are scanned as they come.
            elif lower in LABEL_LIST_KEYWORDS or lower in OTHER_KEYWORDS:
                pass
            elif word in AGGREGATIONS and IDENT.match(expr, j) and IDENT.match(expr, j).group(0).lower() in ("by", "without"):
                pass  # sum by (route) (...)
            else:
                names.add(word)
        else:
            i += 1
    return names


def grafana_query_promql(query: str) -> str | None:
    """The PromQL inside a Grafana Prometheus variable query (None for label_values(label), label_names(), metrics())."""
    query = query.strip()
    m = re.fullmatch(r"label_values\((.*),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)", query, re.S)
    if m:
        return m.group(1)
    if re.fullmatch(r"label_values\(\s*[A-Za-z_][A-Za-z0-9_]*\s*\)|label_names\(\s*\)|metrics\(.*\)", query, re.S):
        return None
    m = re.fullmatch(r"query_result\((.*)\)", query, re.S)
    return m.group(1) if m else query


def without_grafana_variables(expr: str) -> str:
    """Grafana's variables replaced by what Prometheus can parse: intervals by 5m, the others (label values) by .*"""
    expr = re.sub(r"\$\{__[A-Za-z0-9_]+(?::[^}]*)?\}|\$__[A-Za-z0-9_]+", "5m", expr)
    return re.sub(r"\$\{[A-Za-z0-9_]+(?::[^}]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[A-Za-z0-9_]+\]\]", ".*", expr)


def exported_names(metrics_path: str) -> set[str]:
    names: set[str] = set()
    with open(metrics_path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and parts[0] == "#" and parts[1] == "TYPE":
                name, kind = parts[2], parts[3]
                names.add(name)
                if kind == "histogram":
                    names.update(name + s for s in ("_bucket", "_sum", "_count"))
                elif kind == "summary":
                    names.update(name + s for s in ("_sum", "_count"))
    return names


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ValueError(f"duplicate keys {dupes}")
    return dict(pairs)


def _walk_panels(panels):
    for panel in panels or []:
        yield panel
        yield from _walk_panels(panel.get("panels"))


def check_dashboard(path: str, dashboard: dict, uses: list, promql: list, problems: list) -> None:
    rel = os.path.basename(path)
    if not isinstance(dashboard.get("schemaVersion"), int):
        problems.append(f"{rel}: no schemaVersion")
    variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
    ds = variables.get("datasource")
    if not ds or ds.get("type") != "datasource" or ds.get("query") != "prometheus":
        problems.append(f"{rel}: no `datasource` template variable of type datasource (prometheus)")
    for name in ("job", "instance", "route"):
        if variables.get(name, {}).get("type") != "query":
            problems.append(f"{rel}: no `{name}` query template variable")
    for name, var in variables.items():
        if var.get("type") == "query":
            query = var.get("query")
            query = query.get("query", "") if isinstance(query, dict) else query or ""
            inner = grafana_query_promql(query)
            uses.append((f"{rel}: variable {name}", inner or "", None))
            if inner is not None:
                promql.append((f"{rel}: variable {name}", inner))
    for panel in _walk_panels(dashboard.get("panels")):
        if panel.get("type") == "row":
            continue
        title = panel.get("title", "?")
        sources = [panel.get("datasource")] + [t.get("datasource") for t in panel.get("targets", [])]
        for source in sources:
            if source is not None and source.get("uid") != "${datasource}":
                problems.append(f"{rel}: panel '{title}' queries data source {source.get('uid')!r}, not ${{datasource}}")
        if not panel.get("targets"):
            problems.append(f"{rel}: panel '{title}' has no query")
        for target in panel.get("targets", []):
            expr = target.get("expr", "")
            if not expr.strip():
                problems.append(f"{rel}: panel '{title}' target {target.get('refId')} has no expression")
            uses.append((f"{rel}: panel '{title}' target {target.get('refId')}", expr, None))
            promql.append((f"{rel}: panel {panel.get('id')} '{title}' target {target.get('refId')}", expr))


def main(argv: list[str]) -> int:
    promql_out = None
    if "--promql-rules" in argv:
        at = argv.index("--promql-rules")
        promql_out = argv[at + 1] if at + 1 < len(argv) else None
        argv = argv[:at] + argv[at + 2:]
    if len(argv) not in (2, 3) or ("--promql-rules" in sys.argv and not promql_out):
        print(__doc__, file=sys.stderr)
        return 2
    metrics_path = argv[1]
    obs_dir = argv[2] if len(argv) == 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "deploy", "observability")
    if not os.path.isfile(metrics_path):
        print(f"no metrics file {metrics_path}", file=sys.stderr)
        return 2
    exported = exported_names(metrics_path)
    if not any(n.startswith("typinggateway_") for n in exported):
        print(f"{metrics_path} has no `# TYPE typinggateway_...` line: not a TypingGateway /metrics", file=sys.stderr)
        return 2

    problems: list[str] = []
    uses: list[tuple[str, str, set[str] | None]] = []  # (where, expression, names if already extracted)
    recorded: set[str] = set()
    promql: list[tuple[str, str]] = []  # (where, expression) of the dashboards, for promtool's parser

    # (a) every JSON file parses; Grafana dashboards are recognised by their panels.
    json_files = sorted(glob.glob(os.path.join(obs_dir, "**", "*.json"), recursive=True))
    for path in json_files:
        try:
            with open(path, encoding="utf-8") as f:
                document = json.load(f, object_pairs_hook=_no_duplicate_keys)
        except ValueError as e:
            problems.append(f"{os.path.relpath(path, obs_dir)}: does not parse: {e}")
            continue
        if isinstance(document, dict) and "panels" in document:
            check_dashboard(path, document, uses, promql, problems)

    # Rules files (recording rules define names) and promtool unit tests.
    yaml_files = sorted(glob.glob(os.path.join(obs_dir, "**", "*.yml"), recursive=True)
                        + glob.glob(os.path.join(obs_dir, "**", "*.yaml"), recursive=True))
    for path in yaml_files:
        rel = os.path.basename(path)
        try:
            with open(path, encoding="utf-8") as f:
                document = yaml.safe_load(f) or {}
        except yaml.YAMLError as e:
            problems.append(f"{rel}: does not parse: {e}")
            continue
        for group in document.get("groups", []) or []:
            for rule in group.get("rules", []) or []:
                name = rule.get("alert") or rule.get("record")
                if rule.get("record"):
                    recorded.add(rule["record"])
                uses.append((f"{rel}: rule {name}", str(rule.get("expr", "")), None))
        for test in document.get("tests", []) or []:
            for series in test.get("input_series", []) or []:
                uses.append((f"{rel}: test '{test.get('name', '?')}' input series", series.get("series", ""), None))
            for case in test.get("promql_expr_test", []) or []:
                uses.append((f"{rel}: test '{test.get('name', '?')}' expression", case.get("expr", ""), None))

    # (b) every metric name used is exported.
    known = exported | recorded | PROMETHEUS_SERIES
    checked: set[str] = set()
    for where, expr, names in uses:
        try:
            names = promql_metric_names(expr) if names is None else names
        except ValueError as e:
            problems.append(f"{where}: cannot read {expr!r}: {e}")
            continue
        checked |= names
        for name in sorted(names - known):
            hint = difflib.get_close_matches(name, sorted(known), n=1)
            problems.append(f"{where}: metric {name} is not exported by the gateway"
                            + (f" (did you mean {hint[0]}?)" if hint else ""))
    if not checked:
        problems.append("no metric name found in any expression: nothing was checked")

    if promql_out:
        groups = [{"name": where, "rules": [{"record": f"dashboard:expression_{n}", "expr": without_grafana_variables(expr)}]}
                  for n, (where, expr) in enumerate(promql, 1)]
        with open(promql_out, "w", encoding="utf-8") as f:
            yaml.safe_dump({"groups": groups}, f, sort_keys=False, width=10_000)

    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"observability check: OK ({len(json_files)} JSON files parse; {len(uses)} expressions use "
          f"{len(checked)} metric names, all among the {len(exported)} the gateway exports"
          f"{f' or the {len(recorded)} the rules record' if recorded else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
