// Where the self-test's time goes: seconds per phase (fault runs per gate, boundaries, clean runs,
// the shared-server checks, the secret scan), and the CPU seconds of the whole self-test, which a
// loaded machine inflates far less than wall time. Printed after the runs, before the summary line.
import { readFileSync } from 'node:fs';

export interface TimedRun {
  /** e.g. "fault auth", "boundary perf", "clean", "stability". */
  phase: string;
  name: string;
  /** The run's own time: waits for a slot are left out. */
  seconds: number;
  /** Of those, seconds with the machine to itself (perf runs). */
  aloneSeconds?: number;
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

/**
 * One line per phase (runs, summed run seconds, of which alone, longest run), in the order phases
 * first appear; a last line with the sums.
 */
export function timingTable(runs: readonly TimedRun[]): string[] {
  const phases = new Map<string, TimedRun[]>();
  for (const run of runs) phases.set(run.phase, [...(phases.get(run.phase) ?? []), run]);
  const sum = (members: readonly TimedRun[], field: (run: TimedRun) => number) =>
    members.reduce((total, run) => total + field(run), 0);
  const line = (phase: string, count: number, seconds: number, alone: number, longest: string) =>
    `${phase.padEnd(22)} ${String(count).padStart(4)} ${seconds.toFixed(1).padStart(8)} ${alone.toFixed(1).padStart(7)}  ${longest}`;
  const lines = [
    `${'phase'.padEnd(22)} ${'runs'.padStart(4)} ${'seconds'.padStart(8)} ${'alone'.padStart(7)}  longest run`,
  ];
  for (const [phase, members] of phases) {
    const longest = members.reduce((top, run) => (run.seconds > top.seconds ? run : top));
    lines.push(
      line(
        phase,
        members.length,
        sum(members, (run) => run.seconds),
        sum(members, (run) => run.aloneSeconds ?? 0),
        `${longest.name} (${longest.seconds.toFixed(1)} s)`,
      ),
    );
  }
  lines.push(
    line(
      'all',
      runs.length,
      sum(runs, (run) => run.seconds),
      sum(runs, (run) => run.aloneSeconds ?? 0),
      '',
    ).trimEnd(),
  );
  return lines;
}
