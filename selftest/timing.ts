// Where the self-test's time goes: seconds per phase (fault runs per gate, boundaries, clean runs,
// the shared-server checks, the secret scan), and the CPU seconds of the whole self-test, which a
// loaded machine inflates far less than wall time. Printed after the runs, before the summary line.
import { readFileSync } from 'node:fs';

export interface TimedRun {
  /** e.g. "fault auth", "boundary perf", "clean", "stability". */
  phase: string;
  name: string;
  seconds: number;
}

/** Linux reports process times in USER_HZ ticks, 100 per second on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds of this process and every child process it (or they) waited for: the Playwright
 * runners, their workers and the reference servers. Undefined where /proc is absent.
 */
export function cpuSecondsWithChildren(statFile = '/proc/self/stat'): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(statFile, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3,
  // utime, stime, cutime, cstime are fields 14 to 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields.slice(11, 15).map(Number);
  if (ticks.length !== 4 || ticks.some((value) => !Number.isFinite(value))) return undefined;
  return ticks.reduce((sum, value) => sum + value, 0) / TICKS_PER_SECOND;
}

/** One line per phase (runs, summed run seconds, longest run), in the order phases first appear. */
export function timingTable(runs: readonly TimedRun[]): string[] {
  const phases = new Map<string, TimedRun[]>();
  for (const run of runs) phases.set(run.phase, [...(phases.get(run.phase) ?? []), run]);
  const lines = [`${'phase'.padEnd(22)} ${'runs'.padStart(4)} ${'seconds'.padStart(8)}  longest run`];
  for (const [phase, members] of phases) {
    const total = members.reduce((sum, run) => sum + run.seconds, 0);
    const longest = members.reduce((top, run) => (run.seconds > top.seconds ? run : top));
    lines.push(
      `${phase.padEnd(22)} ${String(members.length).padStart(4)} ${total.toFixed(1).padStart(8)}  ${longest.name} (${longest.seconds.toFixed(1)} s)`,
    );
  }
  return lines;
}
