import { describe, expect, it } from 'vitest';
import { pythonJsonLoads, pythonTypeName } from './python-json.ts';

// Expected messages recorded from CPython 3.11 `json.loads` (C scanner).
describe('pythonJsonLoads errors', () => {
  it.each([
    ['{not json', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
    ['', 'Expecting value: line 1 column 1 (char 0)'],
    ['   ', 'Expecting value: line 1 column 4 (char 3)'],
    ['{', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
    ['[', 'Expecting value: line 1 column 2 (char 1)'],
    ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
    ['{"a": }', 'Expecting value: line 1 column 7 (char 6)'],
    ['{"a": 1 "b": 2}', "Expecting ',' delimiter: line 1 column 9 (char 8)"],
    ['[1 2]', "Expecting ',' delimiter: line 1 column 4 (char 3)"],
    ['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
    ['"a\\qb"', 'Invalid \\escape: line 1 column 3 (char 2)'],
    ['"\\u12"', 'Invalid \\uXXXX escape: line 1 column 3 (char 2)'],
    ['"\\u12zz"', 'Invalid \\uXXXX escape: line 1 column 3 (char 2)'],
    ['{"a": 1}x', 'Extra data: line 1 column 9 (char 8)'],
    ['\n\n  {"a":\n tru}', 'Expecting value: line 4 column 2 (char 11)'],
    ['"a\tb"', 'Invalid control character at: line 1 column 3 (char 2)'],
    ['-', 'Expecting value: line 1 column 1 (char 0)'],
    ['01', 'Extra data: line 1 column 2 (char 1)'],
    ['1.5e', 'Extra data: line 1 column 4 (char 3)'],
    ['{"a":1,}', 'Expecting property name enclosed in double quotes: line 1 column 8 (char 7)'],
    ['[1,]', 'Expecting value: line 1 column 4 (char 3)'],
    ['nul', 'Expecting value: line 1 column 1 (char 0)'],
    ['{"é": "ü" x}', "Expecting ',' delimiter: line 1 column 11 (char 10)"],
  ])('%j', (text, message) => {
    expect(pythonJsonLoads(text)).toEqual({ ok: false, message });
  });
});

describe('pythonJsonLoads values', () => {
  it('decodes valid JSON like json.loads', () => {
    expect(pythonJsonLoads(' {"a": [1, 2.5, -3e2, true, false, null], "b": "x\\n\\u00e9"} ')).toEqual({
      ok: true,
      value: { a: [1, 2.5, -300, true, false, null], b: 'x\né' },
    });
    expect(pythonJsonLoads('"\\ud83d\\ude00"')).toEqual({ ok: true, value: '😀' });
    expect(pythonJsonLoads('{}')).toEqual({ ok: true, value: {} });
    expect(pythonJsonLoads('NaN')).toMatchObject({ ok: true });
  });

  it('names Python types', () => {
    expect(pythonTypeName([])).toBe('list');
    expect(pythonTypeName('x')).toBe('str');
    expect(pythonTypeName(1)).toBe('int');
    expect(pythonTypeName(1.5)).toBe('float');
    expect(pythonTypeName(true)).toBe('bool');
    expect(pythonTypeName(null)).toBe('NoneType');
    expect(pythonTypeName({})).toBe('dict');
  });
});
