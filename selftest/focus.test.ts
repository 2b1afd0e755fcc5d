import { describe, expect, it } from 'vitest';
import { grepForTitles, LEFT_AS_FOUND_TEST, needsRunSetup } from './focus.ts';

/** As Playwright builds the text its --grep pattern is matched against (case-insensitive). */
function matches(pattern: string, grepTitle: string): boolean {
  return new RegExp(pattern, 'gi').test(grepTitle);
}

describe('grepForTitles', () => {
  const pattern = grepForTitles([
    'an alg "none" token with admin claims is refused with 401',
    'mora summary: series aligned with labels, months in order, pct = transitions / vigente base * 100',
  ]);

  it('selects each named test, with or without tags after its title', () => {
    expect(
      matches(
        pattern,
        'auth/refused-tokens.spec.ts an alg "none" token with admin claims is refused with 401',
      ),
    ).toBe(true);
    expect(
      matches(
        pattern,
        'analytics/summaries.spec.ts mora mora summary: series aligned with labels, months in order, pct = transitions / vigente base * 100 @runbook-T30',
      ),
    ).toBe(true);
  });

  it('treats regular-expression characters in titles literally', () => {
    expect(
      matches(
        pattern,
        'x mora summary: series aligned with labels, months in order, pct = transitions / vigente base  100',
      ),
    ).toBe(false);
    expect(matches(grepForTitles(['a (b)']), 'file a (b)')).toBe(true);
    expect(matches(grepForTitles(['a (b)']), 'file a b')).toBe(false);
  });

  it('does not select a test whose title starts with a named one and goes on', () => {
    expect(matches(pattern, 'f an alg "none" token with admin claims is refused with 401 twice')).toBe(false);
    expect(matches(pattern, 'f an alg "none" token with admin claims is refused with 4011')).toBe(false);
  });

  it('refuses an empty list (it would select every test)', () => {
    expect(() => grepForTitles([])).toThrow();
  });
});

describe('needsRunSetup', () => {
  it('keeps the setup and teardown projects only for an entry naming one of their tests', () => {
    const leftAsFound = LEFT_AS_FOUND_TEST;
    expect(needsRunSetup({ mustFail: ['a brokers round trip'] })).toBe(false);
    expect(needsRunSetup({ mustFail: ['a parity test'], mustPass: ['a bad-input test'] })).toBe(false);
    expect(needsRunSetup({ mustFail: ['a validation test'], mustPass: [leftAsFound] })).toBe(true);
    expect(needsRunSetup({ mustFail: [leftAsFound] })).toBe(true);
  });
});
