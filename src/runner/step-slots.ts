// A driver that shares the machine between several runs (the self-test) starts the rehearsal as a
// child with an IPC channel and SUITE_STEP_SLOTS=ipc: the rehearsal then asks it for a slot before
// each Playwright run (exclusive for the runs that measure latency) and hands it back after.
// Started any other way, the rehearsal runs its steps at once.
import type { ChildProcess } from 'node:child_process';
import { z } from 'zod';

export const STEP_SLOTS_ENV = 'SUITE_STEP_SLOTS';

export type SlotKind = 'shared' | 'exclusive';

const SlotRequest = z.object({
  type: z.literal('slot-request'),
  id: z.number(),
  kind: z.enum(['shared', 'exclusive']),
});
const SlotRelease = z.object({ type: z.literal('slot-release'), id: z.number() });
const SlotGranted = z.object({ type: z.literal('slot-granted'), id: z.number() });

let lastId = 0;

/** Runs `run` in a slot of the driver when there is one, else at once. */
export async function inSlot<T>(kind: SlotKind, run: () => Promise<T>): Promise<T> {
  const send = process.send?.bind(process);
  if (!send || process.env[STEP_SLOTS_ENV] !== 'ipc') return run();
  lastId += 1;
  const id = lastId;
  await new Promise<void>((granted) => {
    const onMessage = (message: unknown) => {
      const parsed = SlotGranted.safeParse(message);
      if (!parsed.success || parsed.data.id !== id) return;
      // No listener left: the channel no longer keeps this process alive.
      process.off('message', onMessage);
      granted();
    };
    process.on('message', onMessage);
    send({ type: 'slot-request', id, kind });
  });
  try {
    return await run();
  } finally {
    send({ type: 'slot-release', id });
  }
}

/**
 * The driver's side: each request of `child` waits for `grant(kind, step)`, which runs `step` in a
 * slot; the step lasts until the child releases it (or exits).
 */
export function serveSlots(
  child: ChildProcess,
  grant: (kind: SlotKind, step: () => Promise<void>) => Promise<unknown>,
): void {
  const releases = new Map<number, () => void>();
  child.on('message', (message: unknown) => {
    const request = SlotRequest.safeParse(message);
    if (request.success) {
      const { id, kind } = request.data;
      void grant(kind, async () => {
        // A child that exited while it waited holds no slot.
        if (!child.connected) return;
        const released = new Promise<void>((resolve) => releases.set(id, resolve));
        child.send({ type: 'slot-granted', id });
        await released;
      });
      return;
    }
    const release = SlotRelease.safeParse(message);
    if (release.success) {
      releases.get(release.data.id)?.();
      releases.delete(release.data.id);
    }
  });
  child.once('exit', () => {
    for (const release of releases.values()) release();
    releases.clear();
  });
}
