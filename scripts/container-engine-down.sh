#!/usr/bin/env bash
# Stops what scripts/container-engine-up.sh started, and nothing else: the containers left in its
# engine (a killed run's stack: the engine has no reaper), the dockerd of STATE/dockerd.pid (with the
# containerd it runs), the network namespace if the up-script made it and nothing is left in it,
# and /etc/docker/key.json if that engine wrote it. Packages stay installed; images stay in STATE
# for the next start unless --purge.
#
# usage: scripts/container-engine-down.sh [--state DIR] [--purge]
#   --state  the up-script's state folder (same default as the up-script)
#   --purge  also delete STATE (images, compose plugin, logs) once nothing is mounted under it
# Prints ENGINE_STOPPED on success.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/container-engine-defaults.sh
. "$REPO/scripts/container-engine-defaults.sh"
STATE="$DEFAULT_ENGINE_STATE"
PURGE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --state) STATE="$2"; shift 2 ;;
    --purge) PURGE=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "container-engine-down: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ ! -d "$STATE" ]; then
  echo "no engine state at $STATE: nothing to stop"
  echo ENGINE_STOPPED
  exit 0
fi
STATE="$(cd "$STATE" && pwd)"
export DOCKER_HOST="unix://$STATE/docker.sock"
export DOCKER_CONFIG="$STATE/docker-config"

# Is PID alive and running the program NAME?
alive_as() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]; }

# stop_pid PID NAME SECONDS: TERM, wait up to SECONDS, then KILL.
stop_pid() {
  local pid="$1" name="$2" secs="$3" i
  alive_as "$pid" "$name" || return 0
  kill -TERM "$pid"
  for i in $(seq 1 $((secs * 4))); do
    alive_as "$pid" "$name" || { echo "stopped $name (pid $pid) after ~$(((i + 3) / 4)) s"; return 0; }
    sleep 0.25
  done
  echo "$name (pid $pid) still running after $secs s: KILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
}

dockerd_pid=""
[ -s "$STATE/dockerd.pid" ] && dockerd_pid="$(cat "$STATE/dockerd.pid")"
containerd_pid=""
[ -s "$STATE/x/containerd/containerd.pid" ] && containerd_pid="$(cat "$STATE/x/containerd/containerd.pid")"

if alive_as "$dockerd_pid" dockerd; then
  # A killed run leaves its compose stack behind (no reaper here): remove every container and the
  # networks compose made, so the next start begins empty.
  left=$(timeout 20 docker ps -aq 2>/dev/null || true)
  if [ -n "$left" ]; then
    echo "removing $(echo "$left" | wc -l) container(s) left in the engine"
    # shellcheck disable=SC2086
    timeout 60 docker rm -f $left >/dev/null || echo "container-engine-down: could not remove every container" >&2
  fi
  timeout 20 docker network prune -f >/dev/null 2>&1 || true
  # dockerd stops what still runs and its own containerd before it exits.
  stop_pid "$dockerd_pid" dockerd 40
else
  echo "no dockerd running from $STATE"
fi
# Its containerd exits with it; if dockerd had to be killed, containerd may be left behind.
stop_pid "$containerd_pid" containerd 10
rm -f "$STATE/dockerd.pid" "$STATE/docker.sock"
# dockerd bind-mounts its namespace under its exec-root and leaves the mount on exit; the mount
# would keep the namespace alive after `ip netns delete`.
awk -v s="$STATE/x/netns/" '$3 == "nsfs" && index($2, s) == 1 {print $2}' /proc/self/mounts |
  while read -r mount; do umount "$mount" && echo "unmounted $mount"; done

if [ -e "$STATE/etc-docker-key.created" ]; then
  rm -f /etc/docker/key.json
  rmdir /etc/docker 2>/dev/null || true
  rm -f "$STATE/etc-docker-key.created"
fi

if [ -s "$STATE/netns.created" ]; then
  NETNS="$(cat "$STATE/netns.created")"
  if ip netns list | awk '{print $1}' | grep -qx "$NETNS"; then
    inside="$(ip netns pids "$NETNS" 2>/dev/null | tr '\n' ' ')"
    if [ -n "$inside" ]; then
      echo "container-engine-down: processes still in network namespace $NETNS (pids $inside): left in place" >&2
      exit 1
    fi
    ip netns delete "$NETNS"
    echo "deleted network namespace $NETNS"
  fi
  rm -f "$STATE/netns.created"
fi

if [ "$PURGE" = 1 ]; then
  if awk -v s="$STATE/" 'index($2, s) == 1 {found = 1} END {exit !found}' /proc/self/mounts; then
    echo "container-engine-down: something is still mounted under $STATE: not purging" >&2
    exit 1
  fi
  rm -rf "$STATE"
  echo "purged $STATE"
fi
echo ENGINE_STOPPED
