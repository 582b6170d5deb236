#!/usr/bin/env bash
# Build the image and prove the compose topology: PostgreSQL, a Chroma server, two replicas behind
# nginx. A post goes in through the webhook, its card reaches a fake Slack on loopback; one replica
# is killed and the other carries on (bench/compose_check.py). Everything is made here, so a new
# machine (and CI) needs nothing beforehand: the first run takes several minutes, later ones less.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

./ops/container-engine.sh

echo "[compose-check] the build context: every wheel from the host's package folders, the host's CA certificates" >&2
mkdir -p build/wheels build/ca
cp /usr/local/share/ca-certificates/*.crt build/ca/ 2>/dev/null || true
.venv/bin/pip wheel -q --disable-pip-version-check --wheel-dir build/wheels torch==2.13.0 '.[postgres]' >build/pip-wheel.log 2>&1 \
  || { tail -n 30 build/pip-wheel.log >&2; exit 1; }

echo "[compose-check] building the images" >&2
# Debian's own client has BuildKit built in; a newer client on PATH wants the buildx plugin.
if [ -x /usr/bin/docker ]; then build=(env DOCKER_BUILDKIT=1 /usr/bin/docker build); else build=(env DOCKER_BUILDKIT=0 docker build); fi
"${build[@]}" -q --network host -t social-reply:local . >/dev/null
"${build[@]}" -q --network host -f ops/services.Dockerfile -t social-reply-services:local . >/dev/null
echo "[compose-check] images built after $(( $(date +%s) - started )) s" >&2
# Each build leaves the image it replaced (2.2 GB, untagged) and its build cache: on a machine that
# runs this often they filled the disk (64 GB). The replaced images of ours go; the build cache is
# kept under 8 GB, enough for the next build to reuse its layers.
docker image prune -f --filter "label=io.social-reply.image" >/dev/null 2>&1 || true
docker builder prune -f --keep-storage 8GB >/dev/null 2>&1 || true

.venv/bin/python -m bench.compose_check "$@"
echo "[compose-check] done in $(( $(date +%s) - started )) s" >&2
