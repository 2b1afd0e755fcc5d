import { describe, expect, it } from 'vitest';
import { compilePattern, type PathSegment, PathSyntaxError, parsePath, renderPath } from './path.ts';

const key = (name: string): PathSegment => ({ kind: 'key', name });
const index = (position: number): PathSegment => ({ kind: 'index', index: position });

describe('renderPath', () => {
  it('uses dots for identifiers and quoted brackets for every other key', () => {
    expect(renderPath([key('byGestion'), key('01/2026'), key('total')])).toBe('byGestion["01/2026"].total');
    expect(renderPath([key('tramoStats'), key('5.0'), key('d')])).toBe('tramoStats["5.0"].d');
    expect(renderPath([key('unStats'), key('MEDICINA PREPAGA'), key('p')])).toBe(
      'unStats["MEDICINA PREPAGA"].p',
    );
    expect(renderPath([key('3')])).toBe('["3"]');
    expect(renderPath([key('say "hi"')])).toBe('["say \\"hi\\""]');
  });

  it('renders indexes and identities, with the occurrence only when repeated', () => {
    expect(renderPath([key('rows'), index(3), key('montoCuota')])).toBe('rows[3].montoCuota');
    const fields = [
      { name: 'month', value: '04/2023' },
      { name: 'un', value: 'PREVISION' },
    ];
    expect(renderPath([key('rows'), { kind: 'identity', fields, occurrence: 1 }])).toBe(
      'rows[month="04/2023",un="PREVISION"]',
    );
    expect(renderPath([{ kind: 'identity', fields: [{ name: 'n', value: 7 }], occurrence: 2 }])).toBe(
      '[n=7,#2]',
    );
  });

  it('renders the root as the empty string', () => {
    expect(renderPath([])).toBe('');
  });
});

describe('parsePath', () => {
  it('round-trips every kind of segment', () => {
    for (const text of [
      'byGestion["01/2026"].total',
      'rows[3].montoCuota',
      'rows[month="04/2023",supervisor="CARLOS ACUÑA",un="ODONTOLOGIA",via="S/D"].count',
      'rows[month="04/2023",#2].count',
      '["a.b"]["c]d"][0]',
      '[flag=true,n=-1.5,x=null]',
    ]) {
      expect(renderPath(parsePath(text))).toBe(text);
    }
  });

  it('accepts unquoted keys with slashes and spaces, as written by people', () => {
    expect(parsePath('byGestion.01/2026.total')).toEqual([key('byGestion'), key('01/2026'), key('total')]);
    expect(parsePath('unStats.MEDICINA PREPAGA.d')).toEqual([
      key('unStats'),
      key('MEDICINA PREPAGA'),
      key('d'),
    ]);
  });

  it('refuses wildcards and malformed text with the position', () => {
    expect(() => parsePath('rows[*].x')).toThrow(PathSyntaxError);
    expect(() => parsePath('a.*')).toThrow(/wildcard/);
    expect(() => parsePath('a..b')).toThrow(/empty key at character 2/);
    expect(() => parsePath('a[')).toThrow(PathSyntaxError);
    expect(() => parsePath('a["x"')).toThrow(PathSyntaxError);
    expect(() => parsePath('.a')).toThrow(PathSyntaxError);
  });
});

describe('compilePattern', () => {
  const matches = (pattern: string, path: string) => compilePattern(pattern).matches(parsePath(path));

  it('matches a concrete pattern only on the same path', () => {
    expect(matches('meta.signature', 'meta.signature')).toBe(true);
    expect(matches('meta.signature', 'meta.signature2')).toBe(false);
    expect(matches('meta.signature', 'other.meta.signature')).toBe(false);
  });

  it('* is exactly one segment of any kind, ** is zero or more', () => {
    expect(matches('rows[*].montoCuota', 'rows[3].montoCuota')).toBe(true);
    expect(matches('rows.*.montoCuota', 'rows[month="x"].montoCuota')).toBe(true);
    expect(matches('rows[*].montoCuota', 'rows.montoCuota')).toBe(false);
    expect(matches('**.generated_at', 'generated_at')).toBe(true);
    expect(matches('**.generated_at', 'a[2].b.generated_at')).toBe(true);
    expect(matches('**.generated_at', 'a.generated_at.b')).toBe(false);
    expect(matches('a.**', 'a')).toBe(true);
    expect(matches('a.**.z', 'a.b.c.z')).toBe(true);
  });

  it('* inside a key matches within that key only', () => {
    expect(matches('meta.*_at', 'meta.generated_at')).toBe(true);
    expect(matches('meta.*_at', 'meta.cutoff')).toBe(false);
    expect(matches('byGestion.*/2026.total', 'byGestion["01/2026"].total')).toBe(true);
    expect(matches('byGestion.*/2026.total', 'byGestion["12/2025"].total')).toBe(false);
  });

  it('a quoted key is literal, and the unquoted spelling equals the quoted one', () => {
    expect(matches('["*"]', '["*"]')).toBe(true);
    expect(matches('["*"]', 'x')).toBe(false);
    expect(matches('byGestion.01/2026.total', 'byGestion["01/2026"].total')).toBe(true);
  });

  it('an identity pattern matches rows having those field values', () => {
    const row = 'rows[month="04/2023",supervisor="JUAN BENITEZ",un="PREVISION",via="DEBITO"].commission';
    expect(matches('rows[via="DEBITO"].commission', row)).toBe(true);
    expect(matches('rows[via="COBRADOR"].commission', row)).toBe(false);
    expect(matches('rows[via="DEBITO",#2].commission', row)).toBe(false);
    expect(matches('rows[3].commission', row)).toBe(false);
  });

  it('regular expressions are tested against the rendered path', () => {
    expect(matches('/^meta\\.(signature|generated_at)$/', 'meta.generated_at')).toBe(true);
    expect(matches('/"01\\/2026"/', 'byGestion["01/2026"].total')).toBe(true);
    expect(matches('/^META/i', 'meta.cutoff')).toBe(true);
    expect(() => compilePattern('/(/')).toThrow(/bad regular expression/);
  });

  it('refuses malformed globs', () => {
    expect(() => compilePattern('a.**b')).toThrow(/whole segment/);
    expect(() => compilePattern('a]')).toThrow(PathSyntaxError);
  });
});
