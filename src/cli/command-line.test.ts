import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { cliErrorLine, parseCommandLine, UsageError } from './command-line.ts';

const OPTIONS = { runs: { type: 'string' }, json: { type: 'boolean', default: false } } as const;

describe('parseCommandLine', () => {
  it('returns the parsed options', () => {
    const { values } = parseCommandLine({ args: ['--runs', '3'], options: OPTIONS }, 'usage: x');
    expect(values).toEqual({ runs: '3', json: false });
  });

  it('an unknown option is a UsageError ending with the usage line', () => {
    expect(() => parseCommandLine({ args: ['--nope'], options: OPTIONS }, 'usage: x [--runs N]')).toThrow(
      UsageError,
    );
    expect(() => parseCommandLine({ args: ['--nope'], options: OPTIONS }, 'usage: x [--runs N]')).toThrow(
      /--nope[\s\S]*\nusage: x \[--runs N\]$/,
    );
  });
});

describe('cliErrorLine', () => {
  it('configuration and usage errors stand alone: they already say what to fix', () => {
    expect(cliErrorLine('perf smoke', new ConfigError('API_V1_BASE: not a URL'))).toBe(
      'API_V1_BASE: not a URL',
    );
    expect(cliErrorLine('perf smoke', new UsageError('--runs must be 1 to 10'))).toBe(
      '--runs must be 1 to 10',
    );
  });

  it('anything else is labelled with the tool', () => {
    expect(cliErrorLine('perf smoke', new Error('connect ECONNREFUSED'))).toBe(
      'perf smoke error: Error: connect ECONNREFUSED',
    );
    expect(cliErrorLine('ceiling', 'plain text')).toBe('ceiling error: plain text');
  });
});
