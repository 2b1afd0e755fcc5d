// Shares the machine between the self-test's runs. Every run has its own reference server, so runs
// cannot see each other's state and up to `jobs` of them run at once ("shared" steps). A step that
// measures latency (anything running the perf gate) is "exclusive": it starts only once no other
// step runs, and none starts beside it, so other runs' load never moves its figures.
//
// Steps, not whole checks, take the slots: a check made of several runs (stability, read-only, the
// rehearsal) holds the machine alone only for its perf steps, and runs the rest beside the others.

export type StepKind = 'shared' | 'exclusive';

interface Waiter {
  kind: StepKind;
  priority: number;
  order: number;
  grant: () => void;
}

/**
 * Grants steps in priority order (higher first, then first asked first served). When the first
 * waiting step is exclusive, no shared step starts until the running ones have ended; then every
 * waiting exclusive step runs, one after another, before shared steps resume: the machine is
 * emptied once for all of them rather than once for each. A waiting exclusive step behind shared
 * ones of higher priority waits for such a moment, or for the shared work to run out.
 */
export class RunSlots {
  private shared = 0;
  private exclusive = false;
  /** The machine was emptied for exclusive steps: shared ones wait until no exclusive one waits. */
  private draining = false;
  private readonly waiting: Waiter[] = [];
  private asked = 0;

  constructor(private readonly jobs: number) {
    if (!(jobs >= 1)) throw new Error(`jobs must be at least 1 (got ${jobs})`);
  }

  /** Runs `step` once its slot is free; `priority` orders waiting steps (default 0). */
  async run<T>(kind: StepKind, step: () => Promise<T>, priority = 0): Promise<T> {
    await new Promise<void>((grant) => {
      this.waiting.push({ kind, priority, order: this.asked++, grant });
      this.pump();
    });
    try {
      return await step();
    } finally {
      if (kind === 'exclusive') this.exclusive = false;
      else this.shared -= 1;
      this.pump();
    }
  }

  private pump(): void {
    this.waiting.sort((a, b) => b.priority - a.priority || a.order - b.order);
    while (!this.exclusive) {
      const head = this.waiting[0];
      if (!head) return;
      if (head.kind === 'exclusive' || this.draining) {
        if (this.shared > 0) return;
        const exclusiveAt = this.waiting.findIndex((waiter) => waiter.kind === 'exclusive');
        if (exclusiveAt < 0) {
          this.draining = false;
          continue;
        }
        const [next] = this.waiting.splice(exclusiveAt, 1);
        this.draining = true;
        this.exclusive = true;
        next?.grant();
        return;
      }
      if (this.shared >= this.jobs) return;
      this.waiting.shift();
      this.shared += 1;
      head.grant();
    }
  }
}
