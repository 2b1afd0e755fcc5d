import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type SlotKind, STEP_SLOTS_ENV, serveSlots } from './step-slots.ts';

/** A child that runs two steps through inSlot and prints when each runs. */
const CHILD = `
import { inSlot } from './src/runner/step-slots.ts';
await inSlot('shared', async () => console.log('ran shared'));
await inSlot('exclusive', async () => console.log('ran exclusive'));
`;

function runChild(slotsEnv: string, grant: (kind: SlotKind, step: () => Promise<void>) => Promise<unknown>) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    env: { ...process.env, [STEP_SLOTS_ENV]: slotsEnv },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  serveSlots(child, grant);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, output })),
  );
}

describe('step slots over the IPC channel', () => {
  it('each step of the child asks for its slot in order and hands it back', async () => {
    const granted: SlotKind[] = [];
    let released = 0;
    const { code, output } = await runChild('ipc', async (kind, step) => {
      granted.push(kind);
      await step();
      released += 1;
    });
    expect(code).toBe(0);
    expect(output).toBe('ran shared\nran exclusive\n');
    expect(granted).toEqual(['shared', 'exclusive']);
    expect(released).toBe(2);
  });

  it('without SUITE_STEP_SLOTS=ipc the child runs its steps at once', async () => {
    const events: string[] = [];
    const { code, output } = await runChild('', async (kind) => events.push(kind));
    expect(code).toBe(0);
    expect(output).toBe('ran shared\nran exclusive\n');
    expect(events).toEqual([]);
  });
});
