// Latency injection (`--latency endpoint=ms[,p=fraction]`) so the perf gates can be tested.
// Selection is deterministic: with p, every round(1/p)-th request to the endpoint is delayed
// (p=0.1 -> requests 10, 20, 30...), so a test sees exactly the planned share, never a flaky one.

export interface LatencyRule {
  /** Request path without query, e.g. `/api/v1/analytics/mora/summary` (any method). */
  path: string;
  ms: number;
  /** Share of requests delayed (0 < p <= 1); absent = every request. */
  p?: number;
}

function parseOne(text: string): LatencyRule {
  const [head = '', ...options] = text.split(',').map((part) => part.trim());
  const eq = head.lastIndexOf('=');
  const path = head.slice(0, eq).trim();
  const ms = Number(head.slice(eq + 1));
  if (
    eq <= 0 ||
    !path.startsWith('/') ||
    head.slice(eq + 1).trim() === '' ||
    !Number.isFinite(ms) ||
    ms < 0
  ) {
    throw new Error(
      `latency rule "${text}" is not endpoint=ms[,p=fraction] (e.g. /api/v1/analytics/mora/summary=1500,p=0.1)`,
    );
  }
  const rule: LatencyRule = { path, ms };
  for (const option of options) {
    const m = /^p=(.+)$/.exec(option);
    const p = Number(m?.[1]);
    if (!m || !(p > 0 && p <= 1)) {
      throw new Error(`latency rule "${text}": option "${option}" is not p=<fraction in (0, 1]>`);
    }
    rule.p = p;
  }
  return rule;
}

/** Rules from CLI values: each may hold several rules separated by ';'. */
export function parseLatencyRules(values: readonly string[]): LatencyRule[] {
  return values
    .flatMap((value) => value.split(';'))
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseOne);
}

/** Every how-many-th request a rule delays. */
export function latencyPeriod(rule: LatencyRule): number {
  return rule.p === undefined ? 1 : Math.max(1, Math.round(1 / rule.p));
}

/** Counts requests per rule and says how long the next one to `path` must wait. */
export class LatencyInjector {
  private readonly counts: number[];

  constructor(readonly rules: readonly LatencyRule[]) {
    this.counts = rules.map(() => 0);
  }

  /** Total extra delay (ms) for this request; rules on the same path add up. */
  delayFor(path: string): number {
    let total = 0;
    this.rules.forEach((rule, i) => {
      if (rule.path !== path) return;
      const n = (this.counts[i] ?? 0) + 1;
      this.counts[i] = n;
      if (n % latencyPeriod(rule) === 0) total += rule.ms;
    });
    return total;
  }
}
