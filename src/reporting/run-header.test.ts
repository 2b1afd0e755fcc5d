import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.ts';
import { TARGET_ENV } from '../targets/target.ts';
import { describeRunMode } from './run-header.ts';

describe('run header', () => {
  it('shows the compose stack URLs its webServer handed over, and parity against its legacy', () => {
    const config = parseConfig({ TARGET: 'compose', REFERENCE_FAULTS: 'check-files-missing' });
    const lines = describeRunMode(config, {
      [TARGET_ENV.composeApiBase]: 'http://127.0.0.1:32768/api/v1',
      [TARGET_ENV.composeLegacyBase]: 'http://127.0.0.1:32769',
    });
    expect(lines).toEqual([
      'target: compose stack (reference-server/docker-compose.yml, profile prod, faults check-files-missing): api http://127.0.0.1:32768/api/v1, legacy http://127.0.0.1:32769',
      'mode: read-only',
      'parity source: live legacy http://127.0.0.1:32769',
    ]);
  });

  it('an explicit PARITY_LEGACY_BASE is the parity source shown', () => {
    const config = parseConfig({ TARGET: 'compose', PARITY_LEGACY_BASE: 'http://10.0.0.5:5000' });
    const lines = describeRunMode(config, {
      [TARGET_ENV.composeApiBase]: 'http://127.0.0.1:32768/api/v1',
      [TARGET_ENV.composeLegacyBase]: 'http://127.0.0.1:32769',
    });
    expect(lines[2]).toBe('parity source: live legacy http://10.0.0.5:5000');
  });

  it('an external target shows its configured URLs', () => {
    const config = parseConfig({
      TARGET: 'external',
      API_V1_BASE: 'https://bi.example/api/v1',
      LEGACY_BASE: 'https://legacy.example',
    });
    expect(describeRunMode(config, {})).toEqual([
      'target: external (api https://bi.example/api/v1, legacy https://legacy.example)',
      'mode: read-only',
      'parity source: live legacy https://legacy.example',
    ]);
  });
});
