/**
 * The registry of acknowledged parity deviations: `fixtures/deviations.json` (or
 * `PARITY_DEVIATIONS`). JSON has no comments, so the format lives here.
 *
 * The file is a JSON array (an empty array `[]` is a valid, empty registry). Each entry:
 *
 * ```json
 * {
 *   "path": "rows[via=\"DEBITO\"].commission",
 *   "endpoint": "brokers",
 *   "reason": "legacy rounds commission per row, v1 per month; agreed with finance on 2026-03-02",
 *   "until": "2026-06-30"
 * }
 * ```
 *
 * - `path` (required): a path pattern (see ./path.ts): a glob with `*` (one segment, or part
 *   of a key) and `**` (any number of segments), or a regular expression `/body/flags`
 *   tested against the rendered path. It is matched against the legacy-side path (the v1 path
 *   after the endpoint's path rewrites) and also against the v1 path as the v1 payload spells it.
 * - `endpoint` (optional): the parity endpoint name the entry is limited to
 *   (`portfolio | rendimiento | mora | brokers`); without it, the entry applies to every endpoint.
 * - `reason` (required, non-empty): why the drift is accepted, and who agreed.
 * - `until` (required, `YYYY-MM-DD`): last day (inclusive, UTC) the entry is valid. From the day
 *   after, the entry is expired and the parity run FAILS naming it, until someone renews or removes it.
 *   An entry without an expiry would silence its paths forever: refused.
 * - A `path` that matches any path at all (`**`, `*`, a regex matching everything) is refused: one such entry would
 *   acknowledge every drift of an endpoint (or of all of them).
 *
 * Unknown fields are rejected (a misspelt `until` must not make an entry permanent).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { compilePattern, type PathPattern, type PathSegment, parsePath, renderPath } from './path.ts';

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function isValidPattern(text: string): boolean {
  try {
    compilePattern(text);
    return true;
  } catch {
    return false;
  }
}

/** Paths no real payload has: a pattern matching them matches anything. */
const UNRELATED_PATHS = ['zzUnrelatedProbe', 'zzUnrelatedProbe.yyOtherProbe'].map(parsePath);

function isWholeEndpointWildcard(text: string): boolean {
  if (!isValidPattern(text)) return false;
  const pattern = compilePattern(text);
  return UNRELATED_PATHS.some((segments) => pattern.matches(segments));
}

const DeviationSchema = z.strictObject({
  path: z
    .string()
    .min(1)
    .refine(isValidPattern, { message: 'not a valid path pattern (glob with * and **, or /regex/)' })
    .refine((text) => !isWholeEndpointWildcard(text), {
      message: 'matches any path: a wildcard over a whole endpoint would silence its parity; name the paths',
    }),
  endpoint: z.string().min(1).optional(),
  reason: z.string().trim().min(1, { message: 'a reason is required' }),
  until: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected YYYY-MM-DD' })
    .refine(isCalendarDate, { message: 'not a calendar date' }),
});

const DeviationRegistrySchema = z.array(DeviationSchema);

export type Deviation = z.infer<typeof DeviationSchema>;

export interface ExpiredDeviation {
  readonly deviation: Deviation;
  readonly until: string;
  readonly today: string;
  readonly message: string;
}

export interface DeviationPartition {
  readonly active: Deviation[];
  readonly expired: ExpiredDeviation[];
}

export class DeviationRegistryError extends Error {
  override name = 'DeviationRegistryError';
}

/** Validate registry JSON (already parsed). Throws DeviationRegistryError listing every problem. */
export function parseDeviations(data: unknown, source = 'deviations.json'): Deviation[] {
  const result = DeviationRegistrySchema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const where = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`));
    return `  ${where.join('') || '(root)'}: ${issue.message}`;
  });
  throw new DeviationRegistryError(
    `invalid deviation registry ${source}:\n${lines.join('\n')}\n` +
      'expected a JSON array of {path, endpoint?, reason, until: "YYYY-MM-DD"} (see src/parity/deviations.ts)',
  );
}

/** Read and validate the registry file. A missing file is an error: an empty registry is `[]`. */
export async function loadDeviations(file: string): Promise<Deviation[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DeviationRegistryError(
      `cannot read the deviation registry ${file} (PARITY_DEVIATIONS): ${(error as Error).message}; ` +
        'an empty registry is a file containing []',
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DeviationRegistryError(`deviation registry ${file} is not JSON: ${(error as Error).message}`);
  }
  return parseDeviations(data, file);
}

/** `YYYY-MM-DD` of a date in UTC, or the string itself when already in that form. */
export function isoDay(today: string | Date): string {
  if (typeof today === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || !isCalendarDate(today)) {
      throw new RangeError(`today must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
    }
    return today;
  }
  if (Number.isNaN(today.getTime())) throw new RangeError('today is an invalid Date');
  return today.toISOString().slice(0, 10);
}

/** Split the registry into entries valid on `today` and expired ones (which must fail the run). */
export function activeDeviations(list: readonly Deviation[], today: string | Date): DeviationPartition {
  const day = isoDay(today);
  const active: Deviation[] = [];
  const expired: ExpiredDeviation[] = [];
  for (const deviation of list) {
    // ISO days compare correctly as strings.
    if (deviation.until !== undefined && deviation.until < day) {
      expired.push({
        deviation,
        until: deviation.until,
        today: day,
        message:
          `deviation for ${JSON.stringify(deviation.path)}` +
          `${deviation.endpoint ? ` (endpoint ${deviation.endpoint})` : ''} expired on ${deviation.until} ` +
          `(today ${day}; reason was: ${deviation.reason}); renew or remove it in the registry`,
      });
    } else {
      active.push(deviation);
    }
  }
  return { active, expired };
}

/** Whether an entry applies to an endpoint (entries without endpoint apply everywhere). */
export function deviationApplies(deviation: Deviation, endpoint: string | undefined): boolean {
  return deviation.endpoint === undefined || deviation.endpoint === endpoint;
}

const compiledPatterns = new WeakMap<Deviation, PathPattern>();

function patternOf(deviation: Deviation): PathPattern {
  let pattern = compiledPatterns.get(deviation);
  if (!pattern) {
    pattern = compilePattern(deviation.path);
    compiledPatterns.set(deviation, pattern);
  }
  return pattern;
}

/** The first entry applying to `endpoint` whose pattern matches any of the given paths. */
export function findDeviation(
  list: readonly Deviation[],
  endpoint: string | undefined,
  paths: readonly (readonly PathSegment[])[],
): Deviation | undefined {
  return list.find(
    (deviation) =>
      deviationApplies(deviation, endpoint) &&
      paths.some((segments) => patternOf(deviation).matches(segments, renderPath(segments))),
  );
}
