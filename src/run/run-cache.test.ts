import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cachedForRun, removeRunCache, runCacheDir } from './run-cache.ts';

const Value = z.object({ answer: z.number() });

describe('cachedForRun', () => {
  const runId = `test-${process.pid}-${Date.now()}`;

  it('computes once per run and key; later calls read the stored value back', async () => {
    let computed = 0;
    const compute = async () => {
      computed += 1;
      return { answer: 42 };
    };
    expect(await cachedForRun(runId, 'a key', Value, compute)).toEqual({ answer: 42 });
    expect(await cachedForRun(runId, 'a key', Value, compute)).toEqual({ answer: 42 });
    expect(computed).toBe(1);
    expect(await cachedForRun(runId, 'another key', Value, compute)).toEqual({ answer: 42 });
    expect(computed).toBe(2);
    removeRunCache(runId);
  });

  it('computes afresh when the stored file does not parse with the schema', async () => {
    await cachedForRun(runId, 'k', Value, async () => ({ answer: 1 }));
    const [file] = readdirSync(runCacheDir(runId));
    if (!file) throw new Error('nothing stored');
    writeFileSync(path.join(runCacheDir(runId), file), JSON.stringify({ answer: 'one' }));
    expect(await cachedForRun(runId, 'k', Value, async () => ({ answer: 2 }))).toEqual({ answer: 2 });
    writeFileSync(path.join(runCacheDir(runId), file), '{"answer": ');
    expect(await cachedForRun(runId, 'k', Value, async () => ({ answer: 3 }))).toEqual({ answer: 3 });
    removeRunCache(runId);
  });

  it('stores nothing without a run id', async () => {
    let computed = 0;
    const compute = async () => ({ answer: ++computed });
    await cachedForRun(undefined, 'k', Value, compute);
    expect(await cachedForRun(undefined, 'k', Value, compute)).toEqual({ answer: 2 });
  });

  it('keeps each run in its own folder, removed as a whole', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-cache-'));
    expect(runCacheDir('run-a', dir)).not.toBe(runCacheDir('run-b', dir));
    removeRunCache('run-a', dir);
  });
});
