import { describe, expect, it } from 'vitest';
import { runScheduled, type ScheduledTask } from './schedule.ts';

/** Tasks that record how many tasks were running when each started. */
function tracked(specs: { name: string; alone: boolean }[]) {
  let running = 0;
  const seen: Record<string, number> = {};
  const tasks: ScheduledTask<string>[] = specs.map(({ name, alone }) => ({
    name,
    alone,
    run: async () => {
      running += 1;
      seen[name] = running;
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return name;
    },
  }));
  return { tasks, seen };
}

describe('self-test scheduling', () => {
  it('runs up to `jobs` shared tasks at once and returns results in task order', async () => {
    const { tasks, seen } = tracked(['a', 'b', 'c', 'd'].map((name) => ({ name, alone: false })));
    expect(await runScheduled(tasks, 2)).toEqual(['a', 'b', 'c', 'd']);
    expect(Math.max(...Object.values(seen))).toBe(2);
  });

  it('an alone task runs with nothing else, before and after it', async () => {
    const { tasks, seen } = tracked([
      { name: 'a', alone: false },
      { name: 'b', alone: false },
      { name: 'perf', alone: true },
      { name: 'c', alone: false },
    ]);
    expect(await runScheduled(tasks, 3)).toEqual(['a', 'b', 'perf', 'c']);
    expect(seen.perf).toBe(1);
    expect(seen.c).toBe(1);
  });

  it('refuses fewer than one job', async () => {
    await expect(runScheduled([], 0)).rejects.toThrow('jobs must be at least 1');
  });
});
