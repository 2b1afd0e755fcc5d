// The command's refusals (exit 2 before listening on anything): unknown faults, from the flag
// or REFERENCE_FAULTS, and unusable datasets, named by file and column.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOLDEN_DATASET_DIR, ROOT } from './http/test-support.ts';

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'reference-server/src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, REFERENCE_FAULTS: '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'reference-main-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('main.ts refusals', () => {
  it('an unknown fault exits 2 listing the known ones', () => {
    const res = run([
      '--api-port',
      '0',
      '--legacy-port',
      '0',
      '--dataset',
      GOLDEN_DATASET_DIR,
      '--faults',
      'health-down,bogus',
    ]);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('bogus');
    expect(res.stderr).toContain('legacy-serves-raw-files');
    expect(res.stdout).not.toContain('READY');
  });

  it('REFERENCE_FAULTS is validated too', () => {
    const res = run(['--api-port', '0', '--legacy-port', '0', '--dataset', GOLDEN_DATASET_DIR], {
      REFERENCE_FAULTS: 'nope',
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('nope');
  });

  it('a dataset missing a required column exits 2 naming the file and column', () => {
    const dir = join(scratch, 'bad-column');
    cpSync(GOLDEN_DATASET_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'gestores.csv'), 'contract_id,from_date\n1,2025-01-01\n');
    const res = run(['--api-port', '0', '--legacy-port', '0', '--dataset', dir]);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('gestores.csv');
    expect(res.stderr).toContain('Gestor');
  });

  it('a missing folder or a bad option exits 2', () => {
    expect(run(['--dataset', join(scratch, 'nowhere')]).status).toBe(2);
    expect(run(['--dataset', GOLDEN_DATASET_DIR, '--latency', 'oops']).status).toBe(2);
    expect(run(['--dataset', GOLDEN_DATASET_DIR, '--login-limit', '10']).status).toBe(2);
    expect(run(['--dataset', GOLDEN_DATASET_DIR, '--no-such-flag']).status).toBe(2);
  });
});
