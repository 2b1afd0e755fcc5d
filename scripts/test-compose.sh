#!/usr/bin/env bash
# `npm run test:compose [-- PLAYWRIGHT ARGS]`: the default suite against a compose stack, in one
# command. Starts a local container engine when none answers (scripts/container-engine-up.sh),
# builds the stack's images, runs `npx playwright test` with TARGET=compose (testcontainers brings
# the stack up and down), and stops the engine again if it started it, whatever happened. Exit code:
# the suite's. Prints the time of each phase at the end.
#
# The stack is COMPOSE_FILE (default: the bundled reference system, reference-server/docker-compose.yml)
# with profile COMPOSE_PROFILE (default prod). With the engine this command starts, everything that
# talks to the stack runs inside the engine's network namespace (its published ports exist only there).
set -euo pipefail
cd "$(dirname "$0")/.."

LOG_DIR=results/test-compose
mkdir -p "$LOG_DIR"
RUN_LOG="$LOG_DIR/playwright.log"
now() { date +%s.%N; }
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

engine_started=0
engine_note="another engine (left as found)"
engine_seconds="-"
stop_seconds="-"
build_seconds="-"
suite_seconds="-"
suite_exit=1

summary() {
  local up down
  up=$(sed -n 's/^compose stack up, both services healthy in \([0-9.]*\) s.*/\1/p' "$RUN_LOG" 2>/dev/null | tail -1)
  down=$(sed -n 's/^compose stack down in \([0-9.]*\) s.*/\1/p' "$RUN_LOG" 2>/dev/null | tail -1)
  echo "== test:compose timings"
  printf '   %-22s %8s s  %s\n' "engine start" "$engine_seconds" "$engine_note"
  printf '   %-22s %8s s\n' "image build" "$build_seconds"
  printf '   %-22s %8s s\n' "stack up to healthy" "${up:--}"
  printf '   %-22s %8s s  %s\n' "suite (Playwright)" "$suite_seconds" "whole run, stack up and down included"
  printf '   %-22s %8s s\n' "stack tear-down" "${down:--}"
  printf '   %-22s %8s s\n' "engine stop" "$stop_seconds"
  echo "   suite exit code: $suite_exit"
  if [ "$suite_exit" != 0 ]; then
    echo "   retry: npm run test:compose --${*:+ $*}"
  fi
}

finish() {
  local code=$?
  trap - EXIT INT TERM
  if [ "$engine_started" = 1 ]; then
    local t0
    t0=$(now)
    scripts/container-engine-down.sh || echo "test:compose: the engine did not stop cleanly (see above)" >&2
    stop_seconds=$(seconds_between "$t0" "$(now)")
  fi
  summary "${PLAYWRIGHT_ARGS[@]}"
  # The suite's exit code when it ran; otherwise why this command failed.
  if [ "$suite_ran" = 1 ]; then exit "$suite_exit"; fi
  exit "$code"
}
PLAYWRIGHT_ARGS=("$@")
suite_ran=0
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- engine
t0=$(now)
engine_out=$(mktemp)
scripts/container-engine-up.sh | tee "$engine_out"
ready=$(grep '^ENGINE_READY ' "$engine_out" || true)
env_file=$(sed -n 's/^ENV_FILE=//p' "$engine_out")
rm -f "$engine_out"
[ -n "$ready" ] || { echo "test:compose: the container engine did not come up (see above)" >&2; exit 1; }
engine_seconds=$(seconds_between "$t0" "$(now)")
case "$ready" in *started=1*) engine_started=1 ;; esac
RUN_IN_ENGINE_NETWORK=()
if [ -n "$env_file" ]; then
  # shellcheck source=/dev/null
  . "$env_file"
  RUN_IN_ENGINE_NETWORK=(nsenter "--net=/run/netns/$CONTAINER_ENGINE_NETNS" --)
  if [ "$engine_started" = 1 ]; then engine_note="started by this run, stopped at the end"; else engine_note="already running (left running)"; fi
fi

# ---- images (the stack's build sections), as the runbook's `docker compose up --build` would
export TARGET=compose
read -r compose_file compose_profile < <(node --import tsx --input-type=module -e \
  "const { loadConfig } = await import('./src/config.ts'); const c = loadConfig(); console.log(c.COMPOSE_FILE, c.COMPOSE_PROFILE);")
echo "== image build: docker compose -f $compose_file --profile $compose_profile build"
t0=$(now)
docker compose -f "$compose_file" --profile "$compose_profile" build -q
build_seconds=$(seconds_between "$t0" "$(now)")

# ---- the suite
echo "== npx playwright test${*:+ $*} (TARGET=compose)"
t0=$(now)
suite_ran=1
set +e
"${RUN_IN_ENGINE_NETWORK[@]}" npx playwright test "$@" 2>&1 | tee "$RUN_LOG"
suite_exit=${PIPESTATUS[0]}
set -e
suite_seconds=$(seconds_between "$t0" "$(now)")
