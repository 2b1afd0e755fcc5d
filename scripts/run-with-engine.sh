#!/usr/bin/env bash
# usage: scripts/run-with-engine.sh COMMAND [ARGS...]
# Runs COMMAND with TARGET=compose where a compose stack can be brought up and reached:
#   `npm run test:compose [-- PLAYWRIGHT ARGS]`    = scripts/run-with-engine.sh npx playwright test ...
#   `npm run selftest:compose -- --fault NAME`     = scripts/run-with-engine.sh node ... selftest/compose-fault.ts ...
# Starts a local container engine when none answers (scripts/container-engine-up.sh), builds the
# stack's images, runs COMMAND (testcontainers brings the stack up and down), and stops the engine
# again if it started it, whatever happened. Exit code: COMMAND's. Prints each phase's time at the end.
#
# The stack is COMPOSE_FILE (default: the bundled reference system, reference-server/docker-compose.yml)
# with profile COMPOSE_PROFILE (default prod). With the engine this command starts, everything that
# talks to the stack runs inside the engine's network namespace (its published ports exist only there).
#   TEST_COMPOSE_BUILD=0   skip the image build (images already built from this checkout)
#   E2E_LOGIN_RATE_LIMIT   the login limit; the bundled stack takes it too and defaults here to
#                          300/10, enough for the perf gate's login load (about 220 logins), with a
#                          short window for the rate-limit test to wait out. The system's own stack
#                          keeps the suite's default (10/60, the contract's) unless you set it.
#   E2E_WRITE_RATE_LIMIT   the same for the write limit: 300/10 for the bundled stack, else the
#                          contract's 30/60 unless you set it.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -gt 0 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }
LOG_DIR=results/run-with-engine
mkdir -p "$LOG_DIR"
RUN_LOG="$LOG_DIR/command.log"
rm -f "$RUN_LOG"
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
  up=$(sed -n 's/^.*compose stack up, both services healthy in \([0-9.]*\) s.*/\1/p' "$RUN_LOG" 2>/dev/null | tail -1)
  down=$(sed -n 's/^.*compose stack down in \([0-9.]*\) s.*/\1/p' "$RUN_LOG" 2>/dev/null | tail -1)
  echo "== timings"
  printf '   %-22s %8s s  %s\n' "engine start" "$engine_seconds" "$engine_note"
  printf '   %-22s %8s s\n' "image build" "$build_seconds"
  printf '   %-22s %8s s\n' "stack up to healthy" "${up:--}"
  printf '   %-22s %8s s  %s\n' "suite" "$suite_seconds" "the whole command, stack up and down included"
  printf '   %-22s %8s s\n' "stack tear-down" "${down:--}"
  printf '   %-22s %8s s\n' "engine stop" "$stop_seconds"
  echo "   exit code: $suite_exit"
  if [ "$suite_exit" != 0 ]; then echo "   retry: $0 $*"; fi
}

finish() {
  local code=$?
  trap - EXIT INT TERM
  if [ "$engine_started" = 1 ]; then
    local t0
    t0=$(now)
    scripts/container-engine-down.sh || echo "run-with-engine: the engine did not stop cleanly (see above)" >&2
    stop_seconds=$(seconds_between "$t0" "$(now)")
  fi
  summary "${COMMAND[@]}"
  # COMMAND's exit code when it ran; otherwise why this script failed.
  if [ "$suite_ran" = 1 ]; then exit "$suite_exit"; fi
  exit "$code"
}
COMMAND=("$@")
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
[ -n "$ready" ] || { echo "run-with-engine: the container engine did not come up (see above)" >&2; exit 1; }
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
if [ "$(realpath "$compose_file")" = "$(realpath reference-server/docker-compose.yml)" ]; then
  export E2E_LOGIN_RATE_LIMIT="${E2E_LOGIN_RATE_LIMIT:-300/10}"
  export E2E_WRITE_RATE_LIMIT="${E2E_WRITE_RATE_LIMIT:-300/10}"
  echo "== the bundled reference stack: login limit $E2E_LOGIN_RATE_LIMIT, write limit $E2E_WRITE_RATE_LIMIT"
fi
if [ "${TEST_COMPOSE_BUILD:-1}" = 0 ]; then
  echo "== image build skipped (TEST_COMPOSE_BUILD=0)"
else
  echo "== image build: docker compose -f $compose_file --profile $compose_profile build"
  t0=$(now)
  docker compose -f "$compose_file" --profile "$compose_profile" build -q
  build_seconds=$(seconds_between "$t0" "$(now)")
fi

# ---- the command
echo "== $* (TARGET=compose)"
t0=$(now)
suite_ran=1
set +e
"${RUN_IN_ENGINE_NETWORK[@]}" "$@" 2>&1 | tee "$RUN_LOG"
suite_exit=${PIPESTATUS[0]}
set -e
suite_seconds=$(seconds_between "$t0" "$(now)")
