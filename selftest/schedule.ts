// Shares the machine between the self-test's runs. Every run has its own reference server, so runs
// cannot see each other's state and up to `jobs` of them run at once ("shared" steps). A step that
// measures latency (anything running the perf gate) is "exclusive": it starts only once no other
// step runs, and none starts beside it, so other runs' load never moves its figures. A step that
// mostly waits on timers ("timer-bound": a cutover window, about a quarter of a core for its whole
// window) takes one of `timerBoundJobs` slots of its own beside the shared ones; for an exclusive
// step it counts as any other step (the machine is emptied of it too).
//
// Steps, not whole checks, take the slots: a check made of several runs (stability, read-only, the
// rehearsal) holds the machine alone only for its perf steps, and runs the rest beside the others.

export type StepKind = 'shared' | 'exclusive' | 'timer-bound';

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
 * ones of higher priority waits for such a moment, or for the shared work to run out. Timer-bound
 * steps start in their own slots whenever the machine is not being emptied.
 */
export class RunSlots {
  private shared = 0;
  private timerBound = 0;
  private exclusive = false;
  /** The machine was emptied for exclusive steps: shared ones wait until no exclusive one waits. */
  private draining = false;
  private readonly waiting: Waiter[] = [];
  private asked = 0;

  constructor(
    private readonly jobs: number,
    private readonly timerBoundJobs = 1,
  ) {
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
      else if (kind === 'timer-bound') this.timerBound -= 1;
      else this.shared -= 1;
      this.pump();
    }
  }

  private pump(): void {
    this.waiting.sort((a, b) => b.priority - a.priority || a.order - b.order);
    while (!this.exclusive) {
      // Timer-bound steps have slots of their own: the order of the others decides.
      const head = this.waiting.find((waiter) => waiter.kind !== 'timer-bound');
      if (head && (head.kind === 'exclusive' || this.draining)) {
        if (this.shared > 0 || this.timerBound > 0) return;
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
      this.draining = false;
      if (head && this.shared < this.jobs) {
        this.grant(head);
        this.shared += 1;
        continue;
      }
      const timed = this.waiting.find((waiter) => waiter.kind === 'timer-bound');
      if (timed && this.timerBound < this.timerBoundJobs) {
        this.grant(timed);
        this.timerBound += 1;
        continue;
      }
      return;
    }
  }

  private grant(waiter: Waiter): void {
    this.waiting.splice(this.waiting.indexOf(waiter), 1);
    waiter.grant();
  }
}
