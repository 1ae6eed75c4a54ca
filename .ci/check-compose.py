#!/usr/bin/env python3
"""Static check of docker-compose.yml and the container build, for CI and dev machines
where no Docker engine runs: the compose file and Dockerfile must be right by construction.

    python3 .ci/check-compose.py [REPO_ROOT]

REPO_ROOT defaults to this script's parent's parent. The compose file is
REPO_ROOT/docker-compose.yml; paths inside it are resolved relative to its directory.

Fails (exit 1) listing every problem at once, one per line, when:
  * docker-compose.yml is missing or does not parse (duplicate keys count as a parse error,
    as they do for `docker compose`);
  * a service has neither `image` nor `build`;
  * a service's build context directory or its Dockerfile does not exist;
  * a `build.target` is not a `FROM ... AS <target>` stage of that Dockerfile;
  * a bind-mount host path (./..., ../..., /...) does not exist;
  * `depends_on` names an unknown service;
  * an env key TYPINGGATEWAY__ReverseProxy__Clusters__<c>__... names a cluster <c>, or
    ...__Destinations__<d>__... a destination <d>, that no config/*.json file defines under
    ReverseProxy.Clusters (case-insensitive, like .NET configuration);
  * an env key TYPINGGATEWAY__Upstreams__<u>__... names an upstream <u> that no config/*.json
    file defines under Upstreams;
  * an env key TYPINGGATEWAY__...Env (a setting that names a secret's environment variable,
    e.g. ...__DataProtection__KeyEncryptionSecretEnv) names a variable the service does not set;
  * the repo-root Dockerfile does not RUN build/publish.sh;
  * build/publish.sh does not exist, or names a .csproj that does not exist.
Prints "compose check: OK (<n> services)" on success. Exit 2: PyYAML missing or bad usage.
"""

from __future__ import annotations

import glob
import json
import os
import re
import sys

try:
    import yaml
except ImportError:
    print(
        "check-compose: the Python module 'yaml' (PyYAML) is not installed.\n"
        "  install it with:  python3 -m pip install pyyaml   (or: apt-get install python3-yaml)",
        file=sys.stderr,
    )
    sys.exit(2)

COMPOSE_FILE = "docker-compose.yml"
PUBLISH_SCRIPT = "build/publish.sh"
ENV_PREFIX = "TYPINGGATEWAY"

# ---------------------------------------------------------------------------------------
# YAML: reject duplicate keys (PyYAML silently keeps the last one; compose refuses them).
# Keys merged in through `<<: *anchor` may legitimately be overridden and are not checked.
# ---------------------------------------------------------------------------------------
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _StrictLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG:
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:  # unhashable key: let PyYAML report it
                    continue
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        f"found duplicate key {key!r}", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


# ---------------------------------------------------------------------------------------
# Dockerfile helpers
# ---------------------------------------------------------------------------------------
def dockerfile_instructions(path):
    """Logical instructions: comments dropped, backslash continuations joined."""
    instructions, current = [], ""
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.lstrip().startswith("#"):
                continue  # comment lines (also allowed inside a continuation)
            if line.rstrip().endswith("\\"):
                current += line.rstrip()[:-1] + " "
                continue
            current += line
            if current.strip():
                instructions.append(current.strip())
            current = ""
    if current.strip():
        instructions.append(current.strip())
    return instructions


_FROM_RE = re.compile(r"^FROM\s+(?:--\S+\s+)*\S+(?:\s+AS\s+(\S+))?\s*$", re.IGNORECASE)


def dockerfile_stages(path):
    """Stage names (lower-case: Docker matches --target case-insensitively)."""
    stages = set()
    for ins in dockerfile_instructions(path):
        m = _FROM_RE.match(ins)
        if m and m.group(1):
            stages.add(m.group(1).lower())
    return stages


def dockerfile_runs_publish(path):
    return any(
        re.match(r"^RUN\s", ins, re.IGNORECASE) and PUBLISH_SCRIPT in ins
        for ins in dockerfile_instructions(path)
    )


# ---------------------------------------------------------------------------------------
# .NET-style JSON config (comments and trailing commas allowed, keys case-insensitive)
# ---------------------------------------------------------------------------------------
def _strip_jsonc(text):
    out, i, n, in_str = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_str = False
            i += 1
        elif c == '"':
            in_str = True
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise ValueError("unterminated /* comment")
            out.append(" ")
            i = j + 2
        elif c == ",":
            # drop a trailing comma: the next significant character (past whitespace and
            # comments) closes the object/array
            rest = _skip_ws_and_comments(text, i + 1)
            if rest < n and text[rest] in "}]":
                i += 1
                continue
            out.append(c)
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _skip_ws_and_comments(text, j):
    n = len(text)
    while j < n:
        if text[j] in " \t\r\n":
            j += 1
        elif text.startswith("//", j):
            k = text.find("\n", j)
            j = n if k < 0 else k
        elif text.startswith("/*", j):
            k = text.find("*/", j + 2)
            j = n if k < 0 else k + 2
        else:
            break
    return j


def _get_ci(mapping, key):
    """Case-insensitive lookup; like .NET config, a later duplicate wins."""
    found = None
    if isinstance(mapping, dict):
        for k, v in mapping.items():
            if isinstance(k, str) and k.lower() == key.lower():
                found = v
    return found


def load_clusters(root, problems):
    """{cluster (lower): set(destination (lower))} merged over config/*.json."""
    clusters = {}
    files = sorted(glob.glob(os.path.join(root, "config", "*.json")))
    for path in files:
        rel = os.path.relpath(path, root)
        try:
            with open(path, encoding="utf-8-sig") as f:
                doc = json.loads(_strip_jsonc(f.read()))
        except (OSError, ValueError) as e:
            problems.append(f"{rel}: cannot be read as JSON: {e}")
            continue
        section = _get_ci(_get_ci(doc, "ReverseProxy"), "Clusters")
        if not isinstance(section, dict):
            continue
        for cname, cluster in section.items():
            dests = clusters.setdefault(str(cname).lower(), set())
            dsec = _get_ci(cluster, "Destinations")
            if isinstance(dsec, dict):
                dests.update(str(d).lower() for d in dsec)
    return clusters, files


def load_upstreams(root):
    """Upstream names (lower) defined under Upstreams in config/*.json (unreadable files are reported by load_clusters)."""
    names = set()
    for path in sorted(glob.glob(os.path.join(root, "config", "*.json"))):
        try:
            with open(path, encoding="utf-8-sig") as f:
                doc = json.loads(_strip_jsonc(f.read()))
        except (OSError, ValueError):
            continue
        section = _get_ci(doc, "Upstreams")
        if isinstance(section, dict):
            names.update(str(n).lower() for n in section)
    return names


# ---------------------------------------------------------------------------------------
# compose helpers
# ---------------------------------------------------------------------------------------
def env_keys(environment):
    if isinstance(environment, dict):
        return [str(k) for k in environment]
    if isinstance(environment, list):
        return [str(item).split("=", 1)[0] for item in environment]
    return []


def env_items(environment):
    if isinstance(environment, dict):
        return {str(k): ("" if v is None else str(v)) for k, v in environment.items()}
    if isinstance(environment, list):
        return {str(i).split("=", 1)[0]: (str(i).split("=", 1)[1] if "=" in str(i) else "") for i in environment}
    return {}


def bind_sources(volumes):
    """Host paths of bind mounts (short and long syntax)."""
    sources = []
    for v in volumes or []:
        if isinstance(v, str):
            src = v.split(":", 1)[0] if ":" in v else None
        elif isinstance(v, dict) and v.get("type") == "bind":
            src = v.get("source")
        else:
            src = None
        if isinstance(src, str) and (src in (".", "..") or src.startswith(("./", "../", "/"))):
            sources.append(src)
    return sources


def is_remote_context(ctx):
    return "://" in ctx or ctx.startswith("git@")


def check(root):
    problems = []
    compose_path = os.path.join(root, COMPOSE_FILE)
    base = os.path.dirname(compose_path)
    services = {}

    # --- compose file ---------------------------------------------------------------
    doc = None
    if not os.path.isfile(compose_path):
        problems.append(f"{COMPOSE_FILE}: not found in {root}")
    else:
        try:
            with open(compose_path, encoding="utf-8") as f:
                doc = yaml.load(f, Loader=_StrictLoader)  # noqa: S506 (SafeLoader subclass)
        except yaml.YAMLError as e:
            problems.append(f"{COMPOSE_FILE}: YAML does not parse: "
                            + " ".join(str(e).split()))
    if doc is not None:
        if not isinstance(doc, dict) or not isinstance(doc.get("services"), dict) \
                or not doc["services"]:
            problems.append(f"{COMPOSE_FILE}: no 'services' mapping")
        else:
            services = doc["services"]

    clusters, config_files = load_clusters(root, problems)
    upstreams = load_upstreams(root)

    for name, svc in services.items():
        where = f"{COMPOSE_FILE}: service '{name}'"
        if not isinstance(svc, dict):
            problems.append(f"{where}: is not a mapping")
            continue

        # build context / Dockerfile / target
        build = svc.get("build")
        if build is None and not svc.get("image"):
            problems.append(f"{where}: has neither 'image' nor 'build'")
        if build is not None:
            if isinstance(build, str):
                build = {"context": build}
            if not isinstance(build, dict):
                problems.append(f"{where}: 'build' is neither a path nor a mapping")
                build = {}
            ctx = str(build.get("context", "."))
            if not is_remote_context(ctx):
                ctx_dir = os.path.normpath(os.path.join(base, ctx))
                dockerfile = None
                if not os.path.isdir(ctx_dir):
                    problems.append(f"{where}: build context '{ctx}' is not a directory")
                elif "dockerfile_inline" not in build:
                    df = str(build.get("dockerfile", "Dockerfile"))
                    dockerfile = os.path.normpath(os.path.join(ctx_dir, df))
                    if not os.path.isfile(dockerfile):
                        problems.append(f"{where}: Dockerfile '{os.path.relpath(dockerfile, base)}'"
                                        " does not exist")
                        dockerfile = None
                target = build.get("target")
                if target is not None and dockerfile is not None:
                    stages = dockerfile_stages(dockerfile)
                    if str(target).lower() not in stages:
                        problems.append(
                            f"{where}: build target '{target}' is not a stage of "
                            f"{os.path.relpath(dockerfile, base)} (stages: "
                            f"{', '.join(sorted(stages)) or 'none'})")

        # bind mounts
        for src in bind_sources(svc.get("volumes")):
            if "$" in src:
                print(f"check-compose: note: {where}: mount '{src}' uses a variable; "
                      "not checked", file=sys.stderr)
                continue
            if not os.path.exists(os.path.normpath(os.path.join(base, src))):
                problems.append(f"{where}: bind-mount host path '{src}' does not exist")

        # depends_on
        deps = svc.get("depends_on") or []
        dep_names = list(deps) if isinstance(deps, (list, dict)) else [deps]
        for dep in map(str, dep_names):
            if dep not in services:
                problems.append(f"{where}: depends_on names unknown service '{dep}'")

        # settings that name a secret's environment variable (…SecretEnv, …Env) name one this
        # service sets, or the replica would start without its secret
        items = env_items(svc.get("environment"))
        for key, value in items.items():
            last = re.split(r"__|:", key)[-1]
            if key.upper().startswith(ENV_PREFIX + "__") and last.endswith("Env") and value \
                    and "$" not in value and value not in items:
                problems.append(
                    f"{where}: env {key} names the variable '{value}', which this service does not set")

        # cluster / destination / upstream overrides
        for key in env_keys(svc.get("environment")):
            parts = re.split(r"__|:", key)
            if len(parts) >= 3 and [p.lower() for p in parts[:2]] == [ENV_PREFIX.lower(), "upstreams"] \
                    and parts[2].lower() not in upstreams:
                problems.append(
                    f"{where}: env {key}: upstream '{parts[2]}' is not defined in any config/*.json "
                    f"Upstreams (known: {', '.join(sorted(upstreams)) or 'none'})")
                continue
            if len(parts) < 5 or [p.lower() for p in parts[:3]] != \
                    [ENV_PREFIX.lower(), "reverseproxy", "clusters"]:
                continue
            cluster = parts[3]
            if cluster.lower() not in clusters:
                problems.append(
                    f"{where}: env {key}: cluster '{cluster}' is not defined in any "
                    f"config/*.json ReverseProxy.Clusters (known: "
                    f"{', '.join(sorted(clusters)) or 'none'})")
                continue
            if len(parts) >= 6 and parts[4].lower() == "destinations":
                dest = parts[5]
                if dest.lower() not in clusters[cluster.lower()]:
                    problems.append(
                        f"{where}: env {key}: destination '{dest}' is not defined for "
                        f"cluster '{cluster}' in config/*.json (known: "
                        f"{', '.join(sorted(clusters[cluster.lower()])) or 'none'})")

    # --- Dockerfile runs the one publish command ------------------------------------
    root_dockerfile = os.path.join(root, "Dockerfile")
    if not os.path.isfile(root_dockerfile):
        problems.append("Dockerfile: not found at the repo root")
    elif not dockerfile_runs_publish(root_dockerfile):
        problems.append(f"Dockerfile: no RUN instruction invokes {PUBLISH_SCRIPT}")

    # --- publish script exists and names existing projects ---------------------------
    publish = os.path.join(root, PUBLISH_SCRIPT)
    if not os.path.isfile(publish):
        problems.append(f"{PUBLISH_SCRIPT}: does not exist")
    else:
        with open(publish, encoding="utf-8") as f:
            text = "\n".join(l for l in f.read().splitlines() if not l.lstrip().startswith("#"))
        for proj in sorted(set(re.findall(r"[\w./-]+\.csproj", text))):
            if not os.path.isfile(os.path.join(root, proj)):
                problems.append(f"{PUBLISH_SCRIPT}: project '{proj}' does not exist")

    return problems, len(services)


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(f"usage: {os.path.basename(argv[0])} [REPO_ROOT]", file=sys.stderr)
        return 2
    root = argv[1] if len(argv) == 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    root = os.path.abspath(root)
    if not os.path.isdir(root):
        print(f"check-compose: repo root '{root}' is not a directory", file=sys.stderr)
        return 2

    problems, n_services = check(root)
    if problems:
        for p in problems:
            print(f"error: {p}")
        print(f"compose check: FAILED ({len(problems)} problem{'s' if len(problems) != 1 else ''})")
        return 1
    print(f"compose check: OK ({n_services} services)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
