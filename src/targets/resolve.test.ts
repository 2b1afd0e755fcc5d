import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.ts';
import { targetForCli } from './resolve.ts';

const external = parseConfig({
  TARGET: 'external',
  API_V1_BASE: 'https://bi.example.com/api/v1/',
  LEGACY_BASE: 'https://bi.example.com/',
});

describe('targetForCli', () => {
  it('reports the configured external target', () => {
    expect(targetForCli(external)).toEqual({
      mode: 'external',
      apiBase: 'https://bi.example.com/api/v1',
      legacyBase: 'https://bi.example.com',
    });
  });

  it('an explicit --api URL is an external target at that URL, trailing slashes dropped', () => {
    expect(targetForCli(external, 'http://127.0.0.1:9000/api/v1//')).toEqual({
      mode: 'external',
      apiBase: 'http://127.0.0.1:9000/api/v1',
      legacyBase: 'https://bi.example.com',
    });
  });
});
