// A JSON parser that fails with CPython's `json.loads` messages (C accelerator, Python <= 3.12),
// e.g. "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)". The legacy
// dashboard puts that message in `details` when a brokers body is not JSON.

export type PythonJsonResult = { ok: true; value: unknown } | { ok: false; message: string };

class DecodeError extends Error {
  constructor(
    readonly msg: string,
    readonly pos: number,
  ) {
    super(msg);
  }
}

/** Raised where CPython raises StopIteration(idx); the caller turns it into "Expecting value". */
class StopScan extends Error {
  constructor(readonly pos: number) {
    super('stop');
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

class Scanner {
  // Code points, so positions match Python's str indexes.
  private readonly s: string[];
  private readonly end: number;

  constructor(text: string) {
    this.s = Array.from(text);
    this.end = this.s.length - 1;
  }

  get length(): number {
    return this.s.length;
  }

  skipWhitespace(idx: number): number {
    let i = idx;
    while (i <= this.end && WHITESPACE.has(this.s[i] ?? '')) i++;
    return i;
  }

  private startsWith(idx: number, word: string): boolean {
    return this.s.slice(idx, idx + word.length).join('') === word;
  }

  scanOnce(idx: number): [unknown, number] {
    if (idx >= this.s.length) throw new StopScan(idx);
    const c = this.s[idx];
    if (c === '"') return this.scanString(idx + 1);
    if (c === '{') return this.parseObject(idx + 1);
    if (c === '[') return this.parseArray(idx + 1);
    if (c === 'n' && this.startsWith(idx, 'null')) return [null, idx + 4];
    if (c === 't' && this.startsWith(idx, 'true')) return [true, idx + 4];
    if (c === 'f' && this.startsWith(idx, 'false')) return [false, idx + 5];
    if (c === 'N' && this.startsWith(idx, 'NaN')) return [Number.NaN, idx + 3];
    if (c === 'I' && this.startsWith(idx, 'Infinity')) return [Number.POSITIVE_INFINITY, idx + 8];
    if (c === '-' && this.startsWith(idx, '-Infinity')) return [Number.NEGATIVE_INFINITY, idx + 9];
    return this.matchNumber(idx);
  }

  private matchNumber(start: number): [unknown, number] {
    let idx = start;
    if (this.s[idx] === '-') {
      idx++;
      if (idx > this.end) throw new StopScan(start);
    }
    const first = this.s[idx];
    if (first !== undefined && first >= '1' && first <= '9') {
      idx++;
      while (idx <= this.end && isDigit(this.s[idx])) idx++;
    } else if (first === '0') {
      idx++;
    } else {
      throw new StopScan(start);
    }
    if (idx < this.end && this.s[idx] === '.' && isDigit(this.s[idx + 1])) {
      idx += 2;
      while (idx <= this.end && isDigit(this.s[idx])) idx++;
    }
    if (idx < this.end && (this.s[idx] === 'e' || this.s[idx] === 'E')) {
      const eStart = idx;
      idx++;
      if (idx < this.end && (this.s[idx] === '-' || this.s[idx] === '+')) idx++;
      while (idx <= this.end && isDigit(this.s[idx])) idx++;
      if (!isDigit(this.s[idx - 1])) idx = eStart;
    }
    return [Number(this.s.slice(start, idx).join('')), idx];
  }

  private scanString(endStart: number): [string, number] {
    const begin = endStart - 1;
    let out = '';
    let next = endStart;
    for (;;) {
      let c: string | undefined;
      for (; next < this.s.length; next++) {
        c = this.s[next];
        if (c === '"' || c === '\\') break;
        if (c !== undefined && (c.codePointAt(0) ?? 0) <= 0x1f) {
          throw new DecodeError('Invalid control character at', next);
        }
        out += c;
      }
      if (next >= this.s.length || !(c === '"' || c === '\\')) {
        throw new DecodeError('Unterminated string starting at', begin);
      }
      if (c === '"') return [out, next + 1];
      next++;
      if (next >= this.s.length) throw new DecodeError('Unterminated string starting at', begin);
      const e = this.s[next] ?? '';
      if (e !== 'u') {
        const mapped = ESCAPES[e];
        if (mapped === undefined) throw new DecodeError('Invalid \\escape', next - 1);
        out += mapped;
        next++;
        continue;
      }
      next++;
      const hexEnd = next + 4;
      if (hexEnd >= this.s.length) throw new DecodeError('Invalid \\uXXXX escape', next - 1);
      const hex = this.s.slice(next, hexEnd).join('');
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new DecodeError('Invalid \\uXXXX escape', hexEnd - 5);
      let code = Number.parseInt(hex, 16);
      next = hexEnd;
      // A high surrogate followed by \uDC00-\uDFFF combines into one code point.
      if (code >= 0xd800 && code <= 0xdbff && this.s[next] === '\\' && this.s[next + 1] === 'u') {
        const low = this.s.slice(next + 2, next + 6).join('');
        if (/^[0-9a-fA-F]{4}$/.test(low)) {
          const lowCode = Number.parseInt(low, 16);
          if (lowCode >= 0xdc00 && lowCode <= 0xdfff) {
            code = 0x10000 + ((code - 0xd800) << 10) + (lowCode - 0xdc00);
            next += 6;
          }
        }
      }
      out += String.fromCodePoint(code);
    }
  }

  private parseObject(start: number): [Record<string, unknown>, number] {
    const obj: Record<string, unknown> = {};
    let idx = this.skipWhitespace(start);
    if (idx > this.end || this.s[idx] !== '}') {
      for (;;) {
        if (idx > this.end || this.s[idx] !== '"') {
          throw new DecodeError('Expecting property name enclosed in double quotes', idx);
        }
        const [key, afterKey] = this.scanString(idx + 1);
        idx = this.skipWhitespace(afterKey);
        if (idx > this.end || this.s[idx] !== ':') throw new DecodeError("Expecting ':' delimiter", idx);
        idx = this.skipWhitespace(idx + 1);
        const [value, afterValue] = this.scanOnce(idx);
        obj[key] = value;
        idx = this.skipWhitespace(afterValue);
        if (idx <= this.end && this.s[idx] === '}') break;
        if (idx > this.end || this.s[idx] !== ',') throw new DecodeError("Expecting ',' delimiter", idx);
        idx = this.skipWhitespace(idx + 1);
      }
    }
    return [obj, idx + 1];
  }

  private parseArray(start: number): [unknown[], number] {
    const list: unknown[] = [];
    let idx = this.skipWhitespace(start);
    if (idx > this.end || this.s[idx] !== ']') {
      for (;;) {
        const [value, afterValue] = this.scanOnce(idx);
        list.push(value);
        idx = this.skipWhitespace(afterValue);
        if (idx <= this.end && this.s[idx] === ']') break;
        if (idx > this.end || this.s[idx] !== ',') throw new DecodeError("Expecting ',' delimiter", idx);
        idx = this.skipWhitespace(idx + 1);
      }
    }
    return [list, idx + 1];
  }

  /** Python's JSONDecodeError text: "<msg>: line L column C (char P)". */
  describe(msg: string, pos: number): string {
    const before = this.s.slice(0, pos);
    const lineno = before.filter((c) => c === '\n').length + 1;
    const lastNewline = before.lastIndexOf('\n');
    const colno = pos - lastNewline;
    return `${msg}: line ${lineno} column ${colno} (char ${pos})`;
  }
}

/** `json.loads(text)` with CPython's error messages. */
export function pythonJsonLoads(text: string): PythonJsonResult {
  const scanner = new Scanner(text.replace(/^\uFEFF/, ''));
  try {
    let value: unknown;
    let end: number;
    const start = scanner.skipWhitespace(0);
    try {
      [value, end] = scanner.scanOnce(start);
    } catch (error) {
      if (error instanceof StopScan) throw new DecodeError('Expecting value', error.pos);
      throw error;
    }
    end = scanner.skipWhitespace(end);
    if (end !== scanner.length) throw new DecodeError('Extra data', end);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof DecodeError) return { ok: false, message: scanner.describe(error.msg, error.pos) };
    throw error;
  }
}

/** Python's type name of a decoded JSON value (for "'list' object has no attribute 'get'"). */
export function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) && !Object.is(value, -0) ? 'int' : 'float';
  return 'dict';
}
