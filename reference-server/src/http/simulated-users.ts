// --user-traffic: simulated users of the legacy dashboard, real GETs on its own analytics endpoints
// at a steady rate, so its ops metrics move as they do in production while the suite's cutover
// monitor watches (the suite sends no legacy traffic of its own to fill a window). One busy report
// and one low-traffic report, well under the monitor's 20 requests per interval on its own.

const USER_ROUTES = [
  { path: '/analytics/portfolio/summary?anio=2026', perSecond: 8 },
  { path: '/analytics/anuales/summary?anio=2026', perSecond: 1 },
] as const;

/** Starts the traffic against the legacy at `legacyOrigin`; the returned function stops it. */
export function startUserTraffic(legacyOrigin: string): () => void {
  const timers = USER_ROUTES.map((route) => {
    const timer = setInterval(() => {
      fetch(`${legacyOrigin}${route.path}`, {
        headers: { 'user-agent': 'reference-simulated-user' },
        signal: AbortSignal.timeout(10_000),
      })
        .then((response) => response.arrayBuffer())
        // A user whose request failed just goes on; the failure is in the ops metrics.
        .catch(() => undefined);
    }, 1000 / route.perSecond);
    // Never what keeps the process alive.
    timer.unref();
    return timer;
  });
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
