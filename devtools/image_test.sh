#!/usr/bin/env bash
# The production image, really built and run: podman builds the Dockerfile on a local Debian base (no image
# registry is reachable here, so the base is debootstrapped once and kept in a cache dir), then runs it the
# hardened way (--read-only, --cap-drop=ALL, a tmpfs /tmp, a /data volume, the config read-only) against a
# throwaway Synapse: it joins, answers !ping and an FAQ question, /healthz and the image's HEALTHCHECK say healthy.
# Usage: image_test.sh PYTHON (the checkout's venv, which has Synapse)
set -euo pipefail
python="$1"
checkout="$(cd "$(dirname "$0")/.." && pwd)"
cache="${NCC_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ncc-bot}"
base=localhost/ncc-base:bookworm
image=localhost/ncc-bot:test
name="ncc-smoke-$$"
work="$(mktemp -d -t ncc-image-XXXXXX)"
trap 'podman rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} (Debian packages) ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends podman runc debootstrap \
      uidmap fuse-overlayfs slirp4netns >&2
  else
    echo "image test needs ${missing[*]} (Debian: apt-get install podman runc debootstrap)" >&2; exit 1
  fi
fi

# Measured on these machines: podman works with runc, the cgroupfs manager and no default ulimits.
cat >"$work/containers.conf" <<'CONF'
[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_CONF="$work/containers.conf"

if ! podman image exists "$base"; then
  rootfs="$cache/rootfs-bookworm"
  if [ ! -x "$rootfs/usr/bin/python3" ]; then
    echo "Building the Debian base with debootstrap (about a minute, kept in $cache) ..." >&2
    mkdir -p "$cache" && rm -rf "$rootfs.tmp"
    debootstrap --variant=minbase --include=python3,python3-venv bookworm "$rootfs.tmp" http://deb.debian.org/debian >&2
    rm -rf "$rootfs.tmp"/var/cache/apt/archives/*.deb "$rootfs.tmp"/var/lib/apt/lists/*
    mv "$rootfs.tmp" "$rootfs"
  fi
  tar -C "$rootfs" -c . | podman import --quiet - "$base" >/dev/null
fi

started=$(date +%s)
podman build --quiet --format docker --network=host --build-arg "BASE=$base" \
  -v /etc/ssl/certs:/etc/ssl/certs:ro -t "$image" "$checkout" >/dev/null
size=$(podman image inspect --format '{{.Size}}' "$image")
base_size=$(podman image inspect --format '{{.Size}}' "$base")
echo "image built in $(( $(date +%s) - started )) s: $((size / 1000000)) MB ($(( (size - base_size) / 1000000 )) MB over the base)"

# The final stage: the installed venv only, no sources or compilers, a non-root user, a health check.
podman run --rm --no-healthcheck --entrypoint /bin/sh "$image" -c '
  set -e
  test "$(id -u)" = 10001
  test ! -e /src && ! command -v gcc && ! command -v cc && ! test -e /opt/ncc-bot/bin/pip
  test -f /opt/ncc-bot/lib/python3*/site-packages/migrations/env.py
  ! test -w /opt/ncc-bot && ! test -w /config
  ncc-bot version'
test "$(podman image inspect --format '{{json .Config.Healthcheck.Test}}' "$image")" = '["CMD","ncc-bot","healthcheck"]'

mkdir -p "$work/data" && chown 10001:10001 "$work/data" && chmod 0700 "$work/data"
cd "$checkout"
"$python" -m devtools.smoke --also "podman healthcheck run $name" -- \
  podman run --rm --name "$name" --health-interval=disable --network=host --read-only --cap-drop=ALL --security-opt=no-new-privileges \
  --tmpfs /tmp:rw,size=64m,mode=1777 -v "$work/data:/data" -v "$checkout/config.yaml:/config/config.yaml:ro" \
  -e TZ=Europe/Brussels --env-file "{env_file}" "$image"
test -f "$work/data/ncc-bot.db" && test "$(stat -c %a "$work/data")" = 700
echo "image OK: multi-stage, non-root, read-only root, answers through Synapse, healthy"
