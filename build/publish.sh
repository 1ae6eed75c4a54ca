#!/usr/bin/env bash
# The ONE publish command for TypingGateway. CI runs it, and so does the Dockerfile's
# build stage (`bash build/publish.sh /out`). That way the container image ships exactly
# what CI built and tested, and no second list of projects or flags can drift.
#
#   usage: build/publish.sh OUTDIR
#
# Produces:
#   OUTDIR/gateway    framework-dependent publish of src/TypingGateway (with config/*.json
#                     under OUTDIR/gateway/config; the gateway reads <app>/config by default)
#   OUTDIR/simulator  framework-dependent publish of src/TypingGateway.Simulator
#
# Works from any cwd. A relative OUTDIR is taken relative to the caller's cwd, not the
# repo root.
set -euo pipefail

if [[ $# -ne 1 || -z "${1}" ]]; then
  echo "usage: build/publish.sh OUTDIR" >&2
  echo "  publishes the gateway to OUTDIR/gateway and the simulator to OUTDIR/simulator" >&2
  exit 2
fi

# Resolve OUTDIR against the caller's cwd *before* moving to the repo root.
mkdir -p -- "$1"
out="$(cd -- "$1" && pwd)"
repo_root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
cd -- "$repo_root"

# Start from empty target folders so a file removed from the repo (e.g. a config file)
# cannot linger in a reused OUTDIR. Only our own two sub-folders are removed.
rm -rf -- "$out/gateway" "$out/simulator"

dotnet publish src/TypingGateway/TypingGateway.csproj -c Release -o "$out/gateway"
dotnet publish src/TypingGateway.Simulator/TypingGateway.Simulator.csproj -c Release -o "$out/simulator"

echo "published: $out/gateway, $out/simulator"
