// Runs the self-test's runs and checks concurrently: each run has its own reference server on free
// ports, so independent runs cannot see each other's state. Runs that measure latency (the perf
// gate, anything that includes it) run alone, so other runs' load never moves their figures.

export interface ScheduledTask<T> {
  name: string;
  /** Runs with nothing else at the same time. */
  alone: boolean;
  run: () => Promise<T>;
}

/** Results in the tasks' order; at most `jobs` shared tasks at once, an `alone` task by itself. */
export async function runScheduled<T>(tasks: ScheduledTask<T>[], jobs: number): Promise<T[]> {
  if (!(jobs >= 1)) throw new Error(`jobs must be at least 1 (got ${jobs})`);
  const results: T[] = new Array(tasks.length);
  const running = new Set<Promise<void>>();
  const start = (index: number, task: ScheduledTask<T>) => {
    const done: Promise<void> = task.run().then((result) => {
      results[index] = result;
      running.delete(done);
    });
    running.add(done);
  };
  for (const [index, task] of tasks.entries()) {
    if (task.alone) {
      await Promise.all(running);
      start(index, task);
      await Promise.all(running);
      continue;
    }
    while (running.size >= jobs) await Promise.race(running);
    start(index, task);
  }
  await Promise.all(running);
  return results;
}
