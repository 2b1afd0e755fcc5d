import { describe, expect, it } from 'vitest';
import { runShellCommand } from './rollback.ts';

describe('runShellCommand', () => {
  it('records the exit code and passes the verdict to the hook', async () => {
    expect(await runShellCommand('exit 3', 5000, {})).toMatchObject({
      ran: true,
      exitCode: 3,
      timedOut: false,
    });
    expect(
      await runShellCommand('test "$CUTOVER_VERDICT" = fail', 5000, { CUTOVER_VERDICT: 'fail' }),
    ).toMatchObject({ exitCode: 0 });
  });

  it('ends a hook that outlives its timeout', async () => {
    const outcome = await runShellCommand('sleep 30', 200, {});
    expect(outcome.timedOut).toBe(true);
    expect(outcome.signal).toBe('SIGTERM');
    expect(outcome.durationMs).toBeLessThan(5000);
  });
});
