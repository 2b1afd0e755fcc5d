# Sourced by the container-engine scripts: where this checkout's engine lives. One engine per
# checkout (its path hashed), so two checkouts on one machine never start, share or stop each
# other's. REPO is the checkout's top folder.
CHECKOUT_ID="$(printf '%s' "$REPO" | sha256sum | cut -c1-8)"
DEFAULT_ENGINE_STATE="${CONTAINER_ENGINE_STATE:-/var/tmp/cobranzas-e2e-engine-$CHECKOUT_ID}"
DEFAULT_ENGINE_NETNS="${CONTAINER_ENGINE_NETNS:-cobranzas-e2e-$CHECKOUT_ID}"
# Seconds since START (date +%s.%N), one decimal.
seconds_since() { awk -v start="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - start }'; }
