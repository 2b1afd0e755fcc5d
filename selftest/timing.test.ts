import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuSecondsWithChildren, timingTable } from './timing.ts';

describe('self-test timing table', () => {
  it('sums each phase and its time alone, counts its runs and names its longest run, phases in first-seen order', () => {
    const lines = timingTable([
      { phase: 'fault auth', name: 'revoke-noop', seconds: 20 },
      { phase: 'clean', name: '(clean run, no fault)', seconds: 100, aloneSeconds: 30 },
      { phase: 'fault auth', name: 'no-lockout', seconds: 25.5 },
    ]);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^fault auth\s+2\s+45\.5\s+0\.0 {2}no-lockout \(25\.5 s\)$/);
    expect(lines[2]).toMatch(/^clean\s+1\s+100\.0\s+30\.0 {2}\(clean run, no fault\) \(100\.0 s\)$/);
    expect(lines[3]).toMatch(/^all\s+3\s+145\.5\s+30\.0$/);
  });
});

describe('CPU seconds with children', () => {
  it('adds utime, stime, cutime and cstime (fields 14-17), a command name with spaces included', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stat-'));
    const file = path.join(dir, 'stat');
    writeFileSync(file, '123 (node my tool) S 1 2 3 4 5 6 7 8 9 10 150 50 1000 300 20 0 1 0\n');
    expect(cpuSecondsWithChildren(file)).toBe(15);
  });

  it('is undefined without /proc', () => {
    expect(cpuSecondsWithChildren('/no/such/stat')).toBeUndefined();
  });

  it('reads this process on Linux', () => {
    if (process.platform === 'linux') expect(cpuSecondsWithChildren()).toBeGreaterThanOrEqual(0);
  });
});
