import { describe, expect, it } from 'vitest';
import { ContractError } from './expect-ok.ts';
import { type RetryClock, RetryExhaustedError, withRetry } from './retry.ts';
import { createReply, type HttpReply, TransportError } from './transport.ts';

/** A clock that only moves when the code under test sleeps (or a try "takes" time). */
function fakeClock(): RetryClock & { slept: number[]; advance(ms: number): void } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

const replyWith = (status: number, traceId?: string): HttpReply =>
  createReply({
    status,
    url: 'http://127.0.0.1/x',
    method: 'GET',
    ...(traceId ? { headers: { 'x-trace-id': traceId } } : {}),
  });

const policy = { attempts: 3, backoffMs: 100, backoffFactor: 2, deadlineMs: 10_000 };

describe('withRetry', () => {
  it('returns the first success without retrying', async () => {
    const clock = fakeClock();
    const outcome = await withRetry(async () => replyWith(200), policy, clock);
    expect(outcome.attempts).toBe(1);
    expect(outcome.retries).toEqual([]);
    expect(clock.slept).toEqual([]);
  });

  it('retries 5xx with backoff and records each retry', async () => {
    const clock = fakeClock();
    const statuses = [503, 502, 200];
    const outcome = await withRetry(
      async (attempt) => replyWith(statuses[attempt - 1] ?? 200, `t-${attempt}`),
      policy,
      clock,
    );
    expect(outcome.result.status).toBe(200);
    expect(outcome.attempts).toBe(3);
    expect(clock.slept).toEqual([100, 200]);
    expect(outcome.retries).toEqual([
      { attempt: 1, reason: 'HTTP 503', status: 503, traceId: 't-1', waitMs: 100, atMs: 0 },
      { attempt: 2, reason: 'HTTP 502', status: 502, traceId: 't-2', waitMs: 200, atMs: 100 },
    ]);
  });

  it('stops at the attempt bound and returns the last 5xx reply', async () => {
    const clock = fakeClock();
    let calls = 0;
    const outcome = await withRetry(
      async () => {
        calls++;
        return replyWith(500);
      },
      policy,
      clock,
    );
    expect(calls).toBe(3);
    expect(outcome.attempts).toBe(3);
    expect(outcome.result.status).toBe(500);
    expect(outcome.retries.map((retry) => retry.attempt)).toEqual([1, 2]);
  });

  it('never retries a 4xx or a contract mismatch on a 2xx', async () => {
    const clock = fakeClock();
    let calls = 0;
    const outcome = await withRetry(
      async () => {
        calls++;
        return replyWith(429);
      },
      policy,
      clock,
    );
    expect([calls, outcome.retries.length]).toEqual([1, 0]);

    const mismatch = new ContractError('bad body', {
      method: 'GET',
      path: '/x',
      status: 200,
      traceId: 'none',
    });
    await expect(
      withRetry(
        async () => {
          throw mismatch;
        },
        policy,
        clock,
      ),
    ).rejects.toBe(mismatch);
  });

  it('retries network errors and 5xx ContractErrors; gives up with the retries attached', async () => {
    const clock = fakeClock();
    const errors = [
      new TransportError('ECONNRESET', 'GET', 'http://127.0.0.1/x', 'reset'),
      new ContractError('HTTP 502', { method: 'GET', path: '/x', status: 502, traceId: 'tr-2' }),
      new TransportError('TIMEOUT', 'GET', 'http://127.0.0.1/x', 'slow'),
    ];
    let thrown: unknown;
    try {
      await withRetry(
        async (attempt) => {
          throw errors[attempt - 1];
        },
        policy,
        clock,
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RetryExhaustedError);
    const exhausted = thrown as RetryExhaustedError;
    expect(exhausted.message).toMatch(/^gave up after 3 attempt\(s\): GET \/x: no HTTP answer \(TIMEOUT\)/);
    expect(exhausted.cause).toBe(errors[2]);
    expect(exhausted.retries.map((retry) => retry.reason)).toEqual(['network ECONNRESET', 'HTTP 502']);
    expect(exhausted.retries[1]?.traceId).toBe('tr-2');
  });

  it('does not start a retry that would end past the deadline', async () => {
    const clock = fakeClock();
    let calls = 0;
    const outcome = await withRetry(
      async () => {
        calls++;
        clock.advance(400); // each try takes 400 ms
        return replyWith(503);
      },
      { attempts: 10, backoffMs: 100, backoffFactor: 1, deadlineMs: 1000 },
      clock,
    );
    // try 1 ends at 400, wait to 500; try 2 ends at 900, 900 + 100 is not < 1000: stop.
    expect(calls).toBe(2);
    expect(outcome.retries).toHaveLength(1);
    expect(outcome.result.status).toBe(503);
  });

  it('caps the backoff at maxBackoffMs', async () => {
    const clock = fakeClock();
    await withRetry(
      async () => replyWith(503),
      { attempts: 4, backoffMs: 100, backoffFactor: 10, maxBackoffMs: 300, deadlineMs: 60_000 },
      clock,
    );
    expect(clock.slept).toEqual([100, 300, 300]);
  });
});
