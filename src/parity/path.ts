/**
 * JSON paths and path patterns for parity: one syntax for reports, exclusions, the deviation
 * registry and v1 -> legacy rewrites.
 *
 * ## Path syntax (how a leaf is named in every report)
 *
 * A path is a list of segments, rendered JavaScript-accessor style:
 * - object key that is an ASCII identifier (`/^[A-Za-z_$][A-Za-z0-9_$]*$/`): `.key`
 *   (no dot at the start): `meta.cutoff`, `summary.totalContracts`;
 * - any other object key: `["key"]`, the key as a JSON string, so keys with `/`, `.`,
 *   spaces, digits or accents stay unambiguous: `byGestion["01/2026"].total`,
 *   `tramoStats["5.0"].d`, `unStats["MEDICINA PREPAGA"].p`;
 * - array index: `[3]` (only ever an index; the key "3" is `["3"]`);
 * - array element matched by identity instead of position: `[field=value,...]` with each value
 *   as JSON, e.g. `rows[month="04/2023",supervisor="JUAN BENITEZ",un="PREVISION",via="DEBITO"].count`.
 *   A repeated identity gets its 1-based occurrence: `rows[month="04/2023",...,#2]`;
 * - the root itself is the empty path `""`.
 *
 * ## Pattern syntax (exclusions, deviations)
 *
 * A pattern is either a regular expression written `/body/flags` (flags from `imsu`), tested
 * against the rendered path, or a glob over segments in the path syntax above, where:
 * - `**` (as a whole segment) matches zero or more segments: `**.generated_at`;
 * - `*` as a whole segment (`.*` or `[*]`) matches exactly one segment of any kind;
 * - `*` inside an unquoted key matches any characters within that key: `meta.*_at`;
 * - unquoted keys may contain `/` and spaces for convenience (`byGestion.01/2026.total` is the
 *   same as `byGestion["01/2026"].total`); keys with `.`, `[`, `]`, `"` or a literal `*` must
 *   be quoted;
 * - an identity segment matches any identity with those field values (a subset of the fields),
 *   and the given occurrence if one is written: `rows[via="DEBITO"].montoCuota`.
 */

export type JsonScalar = string | number | boolean | null;

export interface IdentityField {
  readonly name: string;
  readonly value: JsonScalar;
}

export type PathSegment =
  | { readonly kind: 'key'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'identity'; readonly fields: readonly IdentityField[]; readonly occurrence: number };

type PatternSegment =
  | { readonly kind: 'key'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | {
      readonly kind: 'identity';
      readonly fields: readonly IdentityField[];
      readonly occurrence: number | undefined;
    }
  | { readonly kind: 'keyGlob'; readonly glob: RegExp }
  | { readonly kind: 'any' }
  | { readonly kind: 'globstar' };

export interface PathPattern {
  /** The pattern as written. */
  readonly source: string;
  matches(segments: readonly PathSegment[], rendered?: string): boolean;
}

export class PathSyntaxError extends Error {
  override name = 'PathSyntaxError';
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const NUMBER_LITERAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;

function renderName(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function renderSegment(segment: PathSegment, first = false): string {
  switch (segment.kind) {
    case 'key':
      if (IDENTIFIER.test(segment.name)) return first ? segment.name : `.${segment.name}`;
      return `[${JSON.stringify(segment.name)}]`;
    case 'index':
      return `[${segment.index}]`;
    case 'identity': {
      const parts = segment.fields.map((field) => `${renderName(field.name)}=${JSON.stringify(field.value)}`);
      if (segment.occurrence > 1) parts.push(`#${segment.occurrence}`);
      return `[${parts.join(',')}]`;
    }
  }
}

/** The canonical text of a path (see the module comment). */
export function renderPath(segments: readonly PathSegment[]): string {
  return segments.map((segment, position) => renderSegment(segment, position === 0)).join('');
}

class Parser {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly wildcards: boolean,
  ) {}

  private fail(message: string): never {
    throw new PathSyntaxError(`${message} at character ${this.position} of ${JSON.stringify(this.text)}`);
  }

  private peek(): string | undefined {
    return this.text[this.position];
  }

  private expect(character: string): void {
    if (this.peek() !== character) this.fail(`expected "${character}"`);
    this.position += 1;
  }

  parse(): PatternSegment[] {
    const segments: PatternSegment[] = [];
    while (this.position < this.text.length) {
      if (this.peek() === '[') {
        segments.push(this.bracket());
        continue;
      }
      if (segments.length > 0) this.expect('.');
      segments.push(this.bare());
    }
    return segments;
  }

  private bare(): PatternSegment {
    const start = this.position;
    while (this.position < this.text.length && !'.[]"'.includes(this.peek() ?? '')) this.position += 1;
    const name = this.text.slice(start, this.position);
    if (name === '') this.fail('empty key');
    if (this.peek() === ']' || this.peek() === '"') this.fail(`unexpected "${this.peek()}"`);
    if (!name.includes('*')) return { kind: 'key', name };
    if (!this.wildcards) this.fail('wildcard in a concrete path');
    if (name === '**') return { kind: 'globstar' };
    if (name === '*') return { kind: 'any' };
    if (name.includes('**')) this.fail('"**" must be a whole segment');
    const body = name
      .split('*')
      .map((part) => part.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'))
      .join('.*');
    return { kind: 'keyGlob', glob: new RegExp(`^${body}$`, 's') };
  }

  private quoted(): string {
    const start = this.position;
    this.expect('"');
    while (this.position < this.text.length && this.peek() !== '"') {
      this.position += this.peek() === '\\' ? 2 : 1;
    }
    this.expect('"');
    try {
      const value: unknown = JSON.parse(this.text.slice(start, this.position));
      if (typeof value === 'string') return value;
    } catch {
      // reported below with the position
    }
    return this.fail('bad quoted key');
  }

  private fieldName(): string {
    if (this.peek() === '"') return this.quoted();
    const match = /^[A-Za-z0-9_$]+/.exec(this.text.slice(this.position));
    if (!match) this.fail('expected a field name');
    this.position += match[0].length;
    return match[0];
  }

  private scalar(): JsonScalar {
    if (this.peek() === '"') return this.quoted();
    const rest = this.text.slice(this.position);
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (rest.startsWith(word)) {
        this.position += word.length;
        return value;
      }
    }
    const number = NUMBER_LITERAL.exec(rest);
    if (!number) this.fail('expected a JSON value');
    this.position += number[0].length;
    return Number(number[0]);
  }

  private bracket(): PatternSegment {
    this.expect('[');
    const rest = this.text.slice(this.position);
    if (rest.startsWith('*]')) {
      if (!this.wildcards) this.fail('wildcard in a concrete path');
      this.position += 2;
      return { kind: 'any' };
    }
    const digits = /^\d+\]/.exec(rest);
    if (digits) {
      this.position += digits[0].length;
      return { kind: 'index', index: Number(digits[0].slice(0, -1)) };
    }
    if (rest.startsWith('"')) {
      const afterName = this.position;
      const name = this.quoted();
      if (this.peek() === ']') {
        this.position += 1;
        return { kind: 'key', name };
      }
      this.position = afterName;
    }
    return this.identity();
  }

  private identity(): PatternSegment {
    const fields: IdentityField[] = [];
    let occurrence: number | undefined;
    for (;;) {
      if (this.peek() === '#') {
        this.position += 1;
        const match = /^[1-9]\d*/.exec(this.text.slice(this.position));
        if (!match) this.fail('expected an occurrence number after "#"');
        this.position += match[0].length;
        occurrence = Number(match[0]);
        this.expect(']');
        break;
      }
      const name = this.fieldName();
      this.expect('=');
      fields.push({ name, value: this.scalar() });
      if (this.peek() === ']') {
        this.position += 1;
        break;
      }
      this.expect(',');
    }
    if (fields.length === 0) this.fail('identity without fields');
    return { kind: 'identity', fields, occurrence };
  }
}

/** Parse a concrete path (no wildcards). An identity without `#n` is occurrence 1. */
export function parsePath(text: string): PathSegment[] {
  return new Parser(text, false).parse().map((segment): PathSegment => {
    if (segment.kind === 'identity') return { ...segment, occurrence: segment.occurrence ?? 1 };
    if (segment.kind === 'key' || segment.kind === 'index') return segment;
    throw new PathSyntaxError(`wildcard in a concrete path: ${JSON.stringify(text)}`);
  });
}

function segmentMatches(pattern: PatternSegment, segment: PathSegment): boolean {
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'globstar':
      return false;
    case 'key':
      return segment.kind === 'key' && segment.name === pattern.name;
    case 'keyGlob':
      return segment.kind === 'key' && pattern.glob.test(segment.name);
    case 'index':
      return segment.kind === 'index' && segment.index === pattern.index;
    case 'identity':
      return (
        segment.kind === 'identity' &&
        (pattern.occurrence === undefined || pattern.occurrence === segment.occurrence) &&
        pattern.fields.every((wanted) =>
          segment.fields.some((field) => field.name === wanted.name && field.value === wanted.value),
        )
      );
  }
}

function globMatches(pattern: readonly PatternSegment[], segments: readonly PathSegment[]): boolean {
  // Memoised over (pattern position, path position): patterns and paths are short, but `**` twice
  // would otherwise backtrack exponentially.
  const memo = new Map<number, boolean>();
  const width = segments.length + 1;
  const at = (p: number, s: number): boolean => {
    const key = p * width + s;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const current = pattern[p];
    let result: boolean;
    if (current === undefined) result = s === segments.length;
    else if (current.kind === 'globstar') result = at(p + 1, s) || (s < segments.length && at(p, s + 1));
    else {
      const segment = segments[s];
      result = segment !== undefined && segmentMatches(current, segment) && at(p + 1, s + 1);
    }
    memo.set(key, result);
    return result;
  };
  return at(0, 0);
}

const REGEX_PATTERN = /^\/(.+)\/([imsu]*)$/s;

/** Compile a glob or `/regex/flags` pattern; throws PathSyntaxError with the reason. */
export function compilePattern(source: string): PathPattern {
  const regex = REGEX_PATTERN.exec(source);
  if (regex) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex[1] ?? '', regex[2]);
    } catch (error) {
      throw new PathSyntaxError(`bad regular expression ${source}: ${(error as Error).message}`);
    }
    return {
      source,
      matches: (segments, rendered) => compiled.test(rendered ?? renderPath(segments)),
    };
  }
  const glob = new Parser(source, true).parse();
  return { source, matches: (segments) => globMatches(glob, segments) };
}

export function compilePatterns(sources: readonly string[]): PathPattern[] {
  return sources.map(compilePattern);
}

/** The first pattern that matches, if any. */
export function firstMatch(
  patterns: readonly PathPattern[],
  segments: readonly PathSegment[],
  rendered: string = renderPath(segments),
): PathPattern | undefined {
  return patterns.find((pattern) => pattern.matches(segments, rendered));
}
