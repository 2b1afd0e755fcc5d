import { describe, expect, it } from 'vitest';
import { RunSlots, type StepKind } from './schedule.ts';

/** Records, for each step, what else ran while it ran. */
function tracker() {
  const running = new Set<string>();
  const beside: Record<string, string[]> = {};
  const order: string[] = [];
  let most = 0;
  const step =
    (name: string, ms = 5) =>
    async () => {
      order.push(name);
      beside[name] = [...running];
      for (const other of running) beside[other]?.push(name);
      running.add(name);
      most = Math.max(most, running.size);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running.delete(name);
      return name;
    };
  return { step, beside, order, most: () => most };
}

describe('self-test run slots', () => {
  it('runs up to `jobs` shared steps at once', async () => {
    const slots = new RunSlots(2);
    const { step, most } = tracker();
    const names = ['a', 'b', 'c', 'd'];
    expect(await Promise.all(names.map((name) => slots.run('shared', step(name))))).toEqual(names);
    expect(most()).toBe(2);
  });

  it('an exclusive step runs with nothing beside it', async () => {
    const slots = new RunSlots(3);
    const { step, beside } = tracker();
    const plan: [string, StepKind][] = [
      ['a', 'shared'],
      ['b', 'shared'],
      ['perf', 'exclusive'],
      ['c', 'shared'],
    ];
    await Promise.all(plan.map(([name, kind]) => slots.run(kind, step(name))));
    expect(beside.perf).toEqual([]);
    expect(beside.a).toContain('b');
  });

  it('empties the machine once for all waiting exclusive steps', async () => {
    const slots = new RunSlots(2);
    const { step, order } = tracker();
    await Promise.all([
      slots.run('shared', step('a')),
      slots.run('exclusive', step('perf-1')),
      slots.run('shared', step('b')),
      slots.run('exclusive', step('perf-2')),
    ]);
    expect(order).toEqual(['a', 'perf-1', 'perf-2', 'b']);
  });

  it('lets higher-priority shared steps go before a waiting exclusive one', async () => {
    const slots = new RunSlots(1);
    const { step, order } = tracker();
    await Promise.all([
      slots.run('shared', step('first')),
      slots.run('exclusive', step('perf'), -1),
      slots.run('shared', step('chain'), 1),
      slots.run('shared', step('fault')),
    ]);
    expect(order).toEqual(['first', 'chain', 'fault', 'perf']);
  });

  it('runs timer-bound steps in slots of their own beside the shared ones', async () => {
    const slots = new RunSlots(2, 1);
    const { step, beside, most } = tracker();
    const plan: [string, StepKind][] = [
      ['a', 'shared'],
      ['b', 'shared'],
      ['window-1', 'timer-bound'],
      ['window-2', 'timer-bound'],
    ];
    await Promise.all(plan.map(([name, kind]) => slots.run(kind, step(name))));
    expect(most()).toBe(3);
    expect(beside['window-1']).toEqual(['a', 'b']);
    expect(beside['window-1']).not.toContain('window-2');
  });

  it('empties the machine of timer-bound steps too for an exclusive one, and starts none beside it', async () => {
    const slots = new RunSlots(2, 1);
    const { step, beside, order } = tracker();
    await Promise.all([
      slots.run('timer-bound', step('window-1', 20)),
      slots.run('exclusive', step('perf')),
      slots.run('timer-bound', step('window-2')),
      slots.run('shared', step('a')),
    ]);
    expect(beside.perf).toEqual([]);
    expect(order.indexOf('perf')).toBeLessThan(order.indexOf('window-2'));
    expect(order.indexOf('perf')).toBeLessThan(order.indexOf('a'));
  });

  it('frees the slot of a step that threw', async () => {
    const slots = new RunSlots(1);
    await expect(slots.run('shared', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run('exclusive', async () => 'ran')).toBe('ran');
  });

  it('refuses fewer than one job', () => {
    expect(() => new RunSlots(0)).toThrow('jobs must be at least 1');
  });
});
