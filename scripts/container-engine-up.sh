#!/usr/bin/env bash
# Starts a container engine for TARGET=compose on a machine that has none (root, Debian 12, no
# systemd, no container registry reachable; Debian's archive reachable). Does nothing when an
# engine already answers (Docker Desktop, a system dockerd, Podman's Docker socket).
#
# Each step is skipped when already done, so a second run only checks:
#   1. apt installs docker.io (dockerd, containerd, runc) and debootstrap; policy-rc.d keeps the
#      packages' init scripts from starting a daemon in the machine's own network.
#   2. Compose v2: Debian 12 ships only compose v1, and testcontainers runs `docker compose`.
#      Debian 13's `docker-compose` package (a static 2.x Go binary) is fetched with apt through a
#      sources list kept in STATE (the machine's apt sources stay untouched) and unpacked as a CLI
#      plugin under STATE/docker-config; nothing is installed system-wide.
#   3. A network namespace NETNS with only `lo`, and dockerd inside it (no iptables, no default
#      bridge, overlay2; data, sockets and pid files under STATE). Compose's bridges and the
#      published ports live only in NETNS: nothing leads out of it, so whatever talks to the
#      stack runs inside too: `nsenter --net=/run/netns/NETNS CMD`.
#   4. The base image the reference server's Dockerfile names (its FROM line, node:20-bookworm-slim),
#      made locally: Debian bookworm from debootstrap plus this machine's node and npm.
#
# usage: scripts/container-engine-up.sh [--state DIR] [--netns NAME]
#   defaults: $CONTAINER_ENGINE_STATE or /var/tmp/cobranzas-e2e-engine-<checkout id>,
#             $CONTAINER_ENGINE_NETNS or cobranzas-e2e-<checkout id>
#             (one engine per checkout, so two checkouts on one machine never share one)
# Downloads (the Debian base file system, the compose plugin's package) are kept for every checkout
# of the machine in $CONTAINER_ENGINE_CACHE (default /var/tmp/cobranzas-e2e-cache); delete it to
# fetch them again.
# Last lines on success:
#   ENGINE_READY started=<1 if this run started dockerd, else 0> external=<1 if another engine answered>
#   ENV_FILE=STATE/env.sh   (source it: DOCKER_HOST, DOCKER_CONFIG, testcontainers settings, NETNS)
# Stop with scripts/container-engine-down.sh (same --state): it ends only what this script started.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/container-engine-defaults.sh
. "$REPO/scripts/container-engine-defaults.sh"
STATE="$DEFAULT_ENGINE_STATE"
NETNS="$DEFAULT_ENGINE_NETNS"
while [ $# -gt 0 ]; do
  case "$1" in
    --state) STATE="$2"; shift 2 ;;
    --netns) NETNS="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "container-engine-up: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$NETNS" in ''|*/*|*' '*) echo "container-engine-up: --netns needs a plain name" >&2; exit 2 ;; esac

T_START=$(date +%s.%N)
step_started=0
step() { step_started=$(date +%s.%N); echo "== $*"; }
step_done() { echo "   ($(seconds_since "$step_started") s) $*"; }
die() { echo "container-engine-up: $*" >&2; exit 1; }

mkdir -p "$STATE"
STATE="$(cd "$STATE" && pwd)"
SOCK="$STATE/docker.sock"
CACHE="${CONTAINER_ENGINE_CACHE:-/var/tmp/cobranzas-e2e-cache}"

# ---------------------------------------------------------------- 0. an engine already answers?
# The caller's own settings (DOCKER_HOST or the default socket), unless they point at this engine.
if [ "${DOCKER_HOST:-}" != "unix://$SOCK" ] && command -v docker >/dev/null &&
  timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  echo "== a container engine already answers (docker $(docker version --format '{{.Server.Version}}')): nothing started"
  rmdir "$STATE" 2>/dev/null || true
  echo "ENGINE_READY started=0 external=1"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || die "no container engine answers, and starting one needs root (or start Docker/Podman yourself)"
mkdir -p "$CACHE"
export DOCKER_HOST="unix://$SOCK"
export DOCKER_CONFIG="$STATE/docker-config"
LOG="$STATE/up.log"
: >>"$LOG"

# The Debian mirror this machine already uses (deb822 or one-line sources).
debian_mirror() {
  local uri=""
  if [ -r /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ]; then
    uri=$(grep -hE '^deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$0 !~ /security/ {print $2; exit}')
  fi
  [ -n "$uri" ] || die "no Debian mirror found in the apt sources"
  echo "$uri"
}

# ---------------------------------------------------------------- 1. packages
step "packages: docker.io, debootstrap"
if dpkg -s docker.io debootstrap >/dev/null 2>&1 && command -v dockerd >/dev/null && command -v docker-proxy >/dev/null; then
  step_done "already installed: $(dockerd --version)"
else
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  remove_policy() { if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; made_policy=0; fi; }
  trap remove_policy EXIT
  apt-get update >>"$LOG" 2>&1 || die "apt-get update failed (see $LOG)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io debootstrap \
    >>"$LOG" 2>&1 || die "apt-get install failed (see $LOG)"
  remove_policy
  trap - EXIT
  step_done "installed: $(dockerd --version)"
fi
command -v docker >/dev/null || die "no docker CLI on PATH"
command -v nsenter >/dev/null || die "no nsenter (util-linux)"

# ---------------------------------------------------------------- 2. compose v2 CLI plugin
step "compose v2 CLI plugin"
PLUGIN_DIR="$DOCKER_CONFIG/cli-plugins"
mkdir -p "$PLUGIN_DIR"
if [ -x "$PLUGIN_DIR/docker-compose" ] && docker compose version >/dev/null 2>&1; then
  step_done "already there: $(docker compose version)"
else
  APTD="$STATE/apt"
  mkdir -p "$APTD/lists/partial" "$APTD/cache/archives/partial"
  cat >"$APTD/trixie.sources" <<SOURCES
Types: deb
URIs: $(debian_mirror)
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  APT_OPTS=(-o "Dir::Etc::SourceList=$APTD/trixie.sources" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$APTD/lists" -o "Dir::Cache=$APTD/cache")
  deb=$(ls "$CACHE"/docker-compose_2.*.deb 2>/dev/null | tail -1 || true)
  if [ -z "$deb" ]; then
    apt-get "${APT_OPTS[@]}" update >>"$LOG" 2>&1 || die "apt-get update (trixie lists) failed (see $LOG)"
    version=$(apt-cache "${APT_OPTS[@]}" policy docker-compose | awk '/Candidate:/ {print $2}')
    case "$version" in 2.*) ;; *) die "Debian 13's docker-compose is '$version', not a 2.x (compose v2)" ;; esac
    download="$(mktemp -d "$CACHE/download.XXXXXX")"
    (cd "$download" && apt-get "${APT_OPTS[@]}" download "docker-compose=$version" >>"$LOG" 2>&1) ||
      die "apt-get download docker-compose failed (see $LOG)"
    deb="$CACHE/$(basename "$download"/docker-compose_*.deb)"
    mv "$download"/docker-compose_*.deb "$deb"
    rmdir "$download"
  fi
  rm -rf "$STATE/compose-v2"
  dpkg-deb -x "$deb" "$STATE/compose-v2"
  ln -sf "$STATE/compose-v2/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN_DIR/docker-compose"
  rm -rf "$APTD/lists" "$APTD/cache"
  docker compose version >/dev/null 2>&1 || die "docker compose does not run (see $LOG)"
  step_done "unpacked $(basename "$deb"): $(docker compose version)"
fi

# ---------------------------------------------------------------- 3. namespace + dockerd
step "network namespace $NETNS + dockerd"
if ! ip netns list | awk '{print $1}' | grep -qx "$NETNS"; then
  ip netns add "$NETNS"
  echo "$NETNS" >"$STATE/netns.created"
fi
ip -n "$NETNS" link set lo up
# Nothing but lo and what the engine makes (compose bridges, container veths) may be in it, and no
# route may lead out.
foreign=$(ip -n "$NETNS" -o link show | awk -F': ' '{print $2}' |
  grep -vE '^(lo|br-[0-9a-f]+|veth[0-9a-f]+(@.*)?)$' || true)
[ -z "$foreign" ] || die "network namespace $NETNS has interfaces other than lo and the engine's own: $foreign"
[ -z "$(ip -n "$NETNS" route show default)" ] || die "network namespace $NETNS has a default route"

PIDFILE="$STATE/dockerd.pid"
engine_answers() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
STARTED=0
if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && engine_answers; then
  step_done "already running: dockerd pid $(cat "$PIDFILE")"
else
  rm -f "$SOCK"
  # A dockerd that was killed leaves its namespace bind-mounted in its exec-root; a new one would
  # reuse it.
  awk -v s="$STATE/x/netns/" '$3 == "nsfs" && index($2, s) == 1 {print $2}' /proc/self/mounts |
    while read -r mount; do umount "$mount"; done
  mkdir -p "$STATE/data" "$STATE/x"
  # dockerd 20.10 writes /etc/docker/key.json at its first start (no flag moves it): note whether it
  # was there, so the stop script removes only a key this engine wrote.
  if [ ! -e /etc/docker/key.json ] && [ ! -e "$STATE/etc-docker-key.created" ]; then
    : >"$STATE/etc-docker-key.pending"
  fi
  nohup nsenter "--net=/run/netns/$NETNS" -- dockerd \
    --bridge=none --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
    --storage-driver=overlay2 \
    --data-root "$STATE/data" --exec-root "$STATE/x" --pidfile "$PIDFILE" \
    -H "unix://$SOCK" >"$STATE/dockerd.log" 2>&1 &
  launched=$!
  for _ in $(seq 1 120); do
    engine_answers && break
    kill -0 "$launched" 2>/dev/null || { tail -20 "$STATE/dockerd.log" >&2; die "dockerd exited (log: $STATE/dockerd.log)"; }
    sleep 0.5
  done
  engine_answers || { tail -20 "$STATE/dockerd.log" >&2; die "dockerd did not answer within 60 s (log: $STATE/dockerd.log)"; }
  if [ -e "$STATE/etc-docker-key.pending" ]; then
    rm -f "$STATE/etc-docker-key.pending"
    if [ -e /etc/docker/key.json ]; then : >"$STATE/etc-docker-key.created"; fi
  fi
  STARTED=1
  step_done "started dockerd pid $(cat "$PIDFILE") ($(docker info --format '{{.ServerVersion}}, {{.Driver}}, cgroup v{{.CgroupVersion}}'))"
fi

# ---------------------------------------------------------------- 4. local base image
# The reference server's Dockerfile names the base image; build that very name here.
BASE_IMAGE=$(awk 'toupper($1) == "FROM" {print $2; exit}' "$REPO/reference-server/Dockerfile")
NODE_BIN="$(readlink -f "$(command -v node)")"
NODE_VERSION="$("$NODE_BIN" --version)"
NODE_MAJOR="${NODE_VERSION#v}"; NODE_MAJOR="${NODE_MAJOR%%.*}"
case "$BASE_IMAGE" in
  "node:$NODE_MAJOR-bookworm-slim") ;;
  *) die "the Dockerfile's base image is $BASE_IMAGE; this script can make node:$NODE_MAJOR-bookworm-slim only (this machine's node is $NODE_VERSION)" ;;
esac
step "image $BASE_IMAGE (local: Debian bookworm + this machine's node $NODE_VERSION)"
if [ "$(docker run --rm --network none "$BASE_IMAGE" node --version 2>/dev/null || true)" = "$NODE_VERSION" ]; then
  step_done "already there"
else
  DEBIAN_IMAGE=cobranzas-e2e/debian-minbase:bookworm
  if ! docker image inspect "$DEBIAN_IMAGE" >/dev/null 2>&1; then
    ROOTFS_TAR="$CACHE/debian-bookworm-minbase.tar"
    if [ ! -s "$ROOTFS_TAR" ]; then
      ROOTFS="$STATE/rootfs"
      rm -rf "$ROOTFS"
      debootstrap --variant=minbase bookworm "$ROOTFS" "$(debian_mirror)" >>"$LOG" 2>&1 ||
        die "debootstrap failed (see $LOG)"
      tar -C "$ROOTFS" -cf "$ROOTFS_TAR.$$" . && mv "$ROOTFS_TAR.$$" "$ROOTFS_TAR"
      rm -rf "$ROOTFS"
    fi
    docker import "$ROOTFS_TAR" "$DEBIAN_IMAGE" >/dev/null
  fi
  NPM_DIR="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
  [ -f "$NPM_DIR/package.json" ] || die "cannot find npm's own folder (from $(command -v npm))"
  BUILD="$STATE/build/node"
  rm -rf "$BUILD"; mkdir -p "$BUILD"
  cp "$NODE_BIN" "$BUILD/node"
  cp -a "$NPM_DIR" "$BUILD/npm"
  # The layout of the registry's node images: node in /usr/local/bin, npm under /usr/local/lib.
  cat >"$BUILD/Dockerfile" <<DOCKERFILE
FROM $DEBIAN_IMAGE
LABEL org.opencontainers.image.description="Local stand-in for $BASE_IMAGE made by scripts/container-engine-up.sh"
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && \
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx && node --version && npm --version
CMD ["node"]
DOCKERFILE
  docker build -q -t "$BASE_IMAGE" "$BUILD" >>"$LOG" 2>&1 || die "building $BASE_IMAGE failed (see $LOG)"
  rm -rf "$BUILD"
  got=$(docker run --rm --network none "$BASE_IMAGE" node --version)
  [ "$got" = "$NODE_VERSION" ] || die "$BASE_IMAGE runs node $got, expected $NODE_VERSION"
  step_done "built, runs node $got"
fi

# ---------------------------------------------------------------- env file
cat >"$STATE/env.sh" <<ENV
# Written by scripts/container-engine-up.sh: source it to use the engine it started.
export DOCKER_HOST=unix://$SOCK
export DOCKER_CONFIG=$DOCKER_CONFIG
# testcontainers: this machine carries a /.dockerenv, so without a host testcontainers believes it
# runs in a container and looks for a "bridge" network gateway the engine does not have.
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
# testcontainers: the reaper's image would come from a registry this machine cannot reach; the
# suite's tear-down and the stop script remove the stack instead.
export TESTCONTAINERS_RYUK_DISABLED=true
# Image builds: BuildKit runs RUN steps on the default bridge network, which this engine does not
# have (--bridge=none); the classic builder runs them with no network at all.
export DOCKER_BUILDKIT=0
# The engine's published ports exist only in this namespace: nsenter --net=/run/netns/\$CONTAINER_ENGINE_NETNS CMD
export CONTAINER_ENGINE_NETNS=$NETNS
export CONTAINER_ENGINE_ENV_FILE=$STATE/env.sh
ENV
echo "   total $(seconds_since "$T_START") s"
echo "ENGINE_READY started=$STARTED external=0"
echo "ENV_FILE=$STATE/env.sh"
