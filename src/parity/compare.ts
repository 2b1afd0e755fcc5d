/**
 * Parity of one v1 payload with the legacy payload for the same filters (docs/contract.md,
 * "Parity"): both are flattened to leaves by path (./flatten.ts), v1 paths are
 * rewritten to legacy paths where the contract names them differently, volatile paths and
 * learnt noise are excluded, and each leaf present on both sides is compared:
 *
 * - numbers: by the kind their path is declared with (./kinds.ts): counts exactly, money within
 *   a relative tolerance, percentages within percentage points; a numeric path with no declared
 *   kind fails. `tolerance: { mode: 'runbook' }` applies the runbook's single abs + rel tolerance
 *   to every number instead. relDiff is reported as |a - b| / max(1, |a|, |b|);
 * - strings, booleans, null: must be equal; a type change (5 vs "5") is a drift.
 *
 * Verdict `fail` when: no numeric leaf was compared ("nothing comparable", never a pass), any
 * drift or one-sided path is not acknowledged by an active deviation, or a deviation that
 * applies to this endpoint has expired.
 */
import {
  activeDeviations,
  type Deviation,
  deviationApplies,
  type ExpiredDeviation,
  findDeviation,
} from './deviations.ts';
import { type Flattened, type FlattenOptions, flatten, type Leaf } from './flatten.ts';
import {
  allowedDifference,
  DEFAULT_TOLERANCE,
  kindOf,
  type NumberKind,
  type ToleranceSpec,
} from './kinds.ts';
import { type JsonScalar, type PathSegment, parsePath, renderPath } from './path.ts';

/**
 * Paths that change from call to call and say nothing about correctness (the contract names
 * `meta.signature`, `meta.generated_at` and timestamps). Replace with `volatile: [...]`.
 */
const DEFAULT_VOLATILE_PATTERNS: readonly string[] = [
  'meta.signature',
  'meta.generated_at',
  '**.generated_at',
  '**.timestamp',
  '**.last_ts',
  '**.started_at',
  '**.trace_id',
];

export interface CompareOptions extends FlattenOptions {
  /** Parity endpoint name (`portfolio | rendimiento | mora | brokers`); scopes deviations. */
  readonly endpoint?: string;
  /** Case name shown in reports. */
  readonly caseName?: string;
  /** How numbers are compared; default: by kind (./kinds.ts). */
  readonly tolerance?: ToleranceSpec;
  /** v1 path prefix -> legacy path prefix, whole segments (`{ 'kpis': '' }` lifts `kpis.x` to `x`). */
  readonly pathMap?: Readonly<Record<string, string>>;
  /** Volatile patterns; default DEFAULT_VOLATILE_PATTERNS. `exclude` adds to these. */
  readonly volatile?: readonly string[];
  /** The whole registry; expired entries fail the comparison, active ones acknowledge. */
  readonly deviations?: readonly Deviation[];
  /** Day the registry is judged on (`YYYY-MM-DD`, UTC); default: the current UTC day. */
  readonly today?: string | Date;
  /** Legacy paths known to vary between identical legacy calls (learnNoise). */
  readonly noise?: Iterable<string>;
}

export interface Drift {
  /** Legacy-side path (the v1 path after rewrites). */
  readonly path: string;
  /** v1 path as the v1 payload spells it, when a rewrite changed it. */
  readonly v1Path?: string;
  readonly v1: JsonScalar;
  readonly legacy: JsonScalar;
  /** The declared kind of a numeric path; null when the values are not both numbers. */
  readonly kind: NumberKind | 'undeclared' | null;
  /** null when the values are not both numbers. */
  readonly absDiff: number | null;
  readonly relDiff: number | null;
  /** The allowed |a - b| for this pair; null when not both numbers. */
  readonly tolerance: number | null;
}

interface Acknowledged {
  readonly path: string;
  readonly kind: 'drift' | 'onlyInV1' | 'onlyInLegacy';
  readonly deviation: Deviation;
  readonly drift?: Drift;
}

export interface EndpointReport {
  readonly endpoint: string;
  readonly caseName?: string;
  readonly tolerance: ToleranceSpec;
  /** Numeric leaves compared, per declared kind. */
  readonly kinds: Readonly<Record<NumberKind | 'undeclared', number>>;
  /** Paths present on both sides and compared (numbers and other values). */
  readonly comparedCount: number;
  /** Of those, how many were numbers. Zero means "nothing comparable". */
  readonly numericCompared: number;
  readonly matches: number;
  readonly drifts: Drift[];
  /** Legacy-side spelling of v1 paths that have no legacy counterpart. */
  readonly onlyInV1: string[];
  readonly onlyInLegacy: string[];
  readonly acknowledged: Acknowledged[];
  /** Noise paths skipped in this comparison. */
  readonly noise: string[];
  /** Nodes dropped as volatile or excluded (both sides, de-duplicated). */
  readonly excluded: string[];
  readonly expiredDeviations: ExpiredDeviation[];
  readonly verdict: 'pass' | 'fail';
  readonly reasons: string[];
}

interface Rewrite {
  from: PathSegment[];
  to: PathSegment[];
}

function compileRewrites(pathMap: Readonly<Record<string, string>> | undefined): Rewrite[] {
  return Object.entries(pathMap ?? {})
    .map(([from, to]) => ({ from: parsePath(from), to: parsePath(to) }))
    .sort((left, right) => right.from.length - left.from.length);
}

function sameSegment(left: PathSegment, right: PathSegment): boolean {
  return renderPath([left]) === renderPath([right]);
}

function rewrite(segments: readonly PathSegment[], rewrites: readonly Rewrite[]): readonly PathSegment[] {
  for (const { from, to } of rewrites) {
    if (
      from.length <= segments.length &&
      from.every((segment, index) => sameSegment(segment, segments[index] as PathSegment))
    ) {
      return [...to, ...segments.slice(from.length)];
    }
  }
  return segments;
}

function compareValues(
  v1: JsonScalar,
  legacy: JsonScalar,
  kind: NumberKind | undefined,
  spec: ToleranceSpec,
) {
  if (typeof v1 === 'number' && typeof legacy === 'number') {
    const absDiff = Math.abs(v1 - legacy);
    // An undeclared path is judged only in runbook mode; by kind, it is never passed.
    const tolerance =
      kind !== undefined || spec.mode === 'runbook'
        ? allowedDifference(kind ?? 'count', v1, legacy, spec)
        : -1;
    return {
      numeric: true,
      // The runbook's tolerance ignores kinds: a drift is reported without one.
      kind: spec.mode === 'runbook' ? (kind ?? null) : (kind ?? ('undeclared' as const)),
      equal: absDiff <= tolerance,
      absDiff,
      relDiff: absDiff / Math.max(1, Math.abs(v1), Math.abs(legacy)),
      tolerance: Math.max(tolerance, 0),
    };
  }
  return { numeric: false, kind: null, equal: v1 === legacy, absDiff: null, relDiff: null, tolerance: null };
}

function show(value: JsonScalar): string {
  return JSON.stringify(value);
}

/** One-line description of a drift, e.g. for a failure message. */
export function describeDrift(drift: Drift): string {
  const where = drift.v1Path ? `${drift.path} (v1: ${drift.v1Path})` : drift.path;
  if (drift.absDiff === null)
    return `${where}: v1=${show(drift.v1)} legacy=${show(drift.legacy)} (must be equal)`;
  if (drift.kind === 'undeclared') {
    return `${where}: v1=${drift.v1} legacy=${drift.legacy}: no kind declared for this number (src/parity/kinds.ts)`;
  }
  if (drift.kind === 'count' && drift.tolerance === 0) {
    return `${where} (count): v1=${drift.v1} legacy=${drift.legacy} |diff|=${round(drift.absDiff)} (counts must be equal)`;
  }
  return (
    `${where}${drift.kind ? ` (${drift.kind})` : ''}: v1=${drift.v1} legacy=${drift.legacy} |diff|=${round(drift.absDiff)} ` +
    `> tolerance ${round(drift.tolerance ?? 0)} (rel ${round((drift.relDiff ?? 0) * 100)}%)`
  );
}

/** Rounded for reading; reports keep the exact values in JSON. */
export function round(value: number): number {
  return Number(value.toPrecision(10));
}

function firstFew(paths: readonly string[], count = 3): string {
  const shown = paths.slice(0, count).join(', ');
  return paths.length > count ? `${shown}, ... (+${paths.length - count} more)` : shown;
}

/**
 * One-sided paths grouped by the row they belong to (the path up to its last identity segment),
 * so a missing brokers row reads as one row with 7 fields rather than 7 unrelated paths.
 */
export function groupByRow(paths: readonly string[]): string[] {
  const groups = new Map<string, number>();
  for (const path of paths) {
    const segments = parsePath(path);
    const last = segments.findLastIndex((segment) => segment.kind === 'identity');
    const row = last >= 0 && last < segments.length - 1 ? renderPath(segments.slice(0, last + 1)) : path;
    groups.set(row, (groups.get(row) ?? 0) + (row === path ? 0 : 1));
  }
  return [...groups].map(([row, fields]) =>
    fields > 0 ? `${row} (${fields} field${fields === 1 ? '' : 's'})` : row,
  );
}

/** What one comparison finds, leaf by leaf. */
interface Findings {
  readonly kinds: Record<NumberKind | 'undeclared', number>;
  readonly noiseSeen: Set<string>;
  readonly drifts: Drift[];
  readonly acknowledged: Acknowledged[];
  readonly onlyInV1: string[];
  readonly onlyInLegacy: string[];
  /** Several v1 paths the path map sends to one legacy path. */
  readonly collisions: string[];
  /** Legacy-side path -> the v1 path mapped to it. */
  readonly mappedSeen: Map<string, string>;
  comparedCount: number;
  numericCompared: number;
  matches: number;
}

/** What every leaf of one comparison is judged with. */
interface Judging {
  readonly endpoint: string;
  readonly options: CompareOptions;
  readonly tolerance: ToleranceSpec;
  readonly rewrites: readonly Rewrite[];
  readonly noisePaths: ReadonlySet<string>;
  readonly activeDeviations: readonly Deviation[];
}

function checkedTolerance(options: CompareOptions): ToleranceSpec {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const limits =
    tolerance.mode === 'runbook'
      ? [tolerance.absTol, tolerance.relTol]
      : [tolerance.moneyRelTol, tolerance.percentAbsTol];
  if (!limits.every((limit) => limit >= 0))
    throw new RangeError(`tolerances must be >= 0, got ${JSON.stringify(tolerance)}`);
  return tolerance;
}

/** Records a finding as acknowledged when an active deviation covers one of its paths. */
function acknowledged(
  judging: Judging,
  findings: Findings,
  finding: { kind: Acknowledged['kind']; paths: (readonly PathSegment[])[]; path: string; drift?: Drift },
): boolean {
  const deviation = findDeviation(judging.activeDeviations, judging.options.endpoint, finding.paths);
  if (!deviation) return false;
  const { kind, path, drift } = finding;
  findings.acknowledged.push({ path, kind, deviation, ...(drift ? { drift } : {}) });
  return true;
}

/** A v1 leaf against its legacy counterpart (after the path map), or as a path only v1 has. */
function judgeV1Leaf(judging: Judging, findings: Findings, leaf: Leaf, legacy: Flattened): void {
  const mappedSegments = rewrite(leaf.segments, judging.rewrites);
  const path = renderPath(mappedSegments);
  const previous = findings.mappedSeen.get(path);
  if (previous !== undefined) findings.collisions.push(`${previous} and ${leaf.path} -> ${path}`);
  findings.mappedSeen.set(path, leaf.path);
  if (judging.noisePaths.has(path)) {
    findings.noiseSeen.add(path);
    return;
  }
  const paths = [mappedSegments, leaf.segments];
  const counterpart: Leaf | undefined = legacy.leaves.get(path);
  if (!counterpart) {
    if (!acknowledged(judging, findings, { kind: 'onlyInV1', paths, path })) findings.onlyInV1.push(path);
    return;
  }
  findings.comparedCount += 1;
  const kind = typeof leaf.value === 'number' ? kindOf(judging.endpoint, mappedSegments, path) : undefined;
  const outcome = compareValues(leaf.value, counterpart.value, kind, judging.tolerance);
  if (outcome.kind !== null) findings.kinds[outcome.kind] += 1;
  if (outcome.numeric) findings.numericCompared += 1;
  if (outcome.equal) {
    findings.matches += 1;
    return;
  }
  const drift: Drift = {
    path,
    ...(path !== leaf.path ? { v1Path: leaf.path } : {}),
    v1: leaf.value,
    legacy: counterpart.value,
    kind: outcome.kind,
    absDiff: outcome.absDiff,
    relDiff: outcome.relDiff,
    tolerance: outcome.tolerance,
  };
  if (!acknowledged(judging, findings, { kind: 'drift', paths, path, drift })) findings.drifts.push(drift);
}

/** Legacy leaves no v1 leaf was mapped to. */
function judgeLegacyOnlyLeaves(judging: Judging, findings: Findings, legacy: Flattened): void {
  for (const leaf of legacy.leaves.values()) {
    if (findings.mappedSeen.has(leaf.path)) continue;
    if (judging.noisePaths.has(leaf.path)) {
      findings.noiseSeen.add(leaf.path);
      continue;
    }
    const finding = { kind: 'onlyInLegacy' as const, paths: [leaf.segments], path: leaf.path };
    if (!acknowledged(judging, findings, finding)) findings.onlyInLegacy.push(leaf.path);
  }
}

/** Why the comparison fails; empty when it passes. */
function failureReasons(
  findings: Findings,
  sizes: { v1: number; legacy: number },
  expired: readonly ExpiredDeviation[],
): string[] {
  const { drifts, onlyInV1, onlyInLegacy, collisions } = findings;
  const reasons: string[] = [];
  if (findings.numericCompared === 0) {
    reasons.push(
      `nothing comparable: 0 numeric leaves present on both sides ` +
        `(v1 has ${sizes.v1} leaves, legacy ${sizes.legacy}, ${findings.comparedCount} non-numeric compared)`,
    );
  }
  const [firstDrift] = drifts;
  if (firstDrift)
    reasons.push(`${drifts.length} drift(s) beyond tolerance; first: ${describeDrift(firstDrift)}`);
  if (onlyInV1.length > 0)
    reasons.push(`${onlyInV1.length} path(s) only in v1: ${firstFew(groupByRow(onlyInV1))}`);
  if (onlyInLegacy.length > 0)
    reasons.push(`${onlyInLegacy.length} path(s) only in legacy: ${firstFew(groupByRow(onlyInLegacy))}`);
  for (const entry of expired) reasons.push(entry.message);
  if (collisions.length > 0)
    reasons.push(`pathMap maps several v1 paths to one legacy path: ${firstFew(collisions)}`);
  return reasons;
}

/** Compare a v1 payload with the legacy payload for the same filters (see the module comment). */
export function compare(
  v1Payload: unknown,
  legacyPayload: unknown,
  options: CompareOptions = {},
): EndpointReport {
  const tolerance = checkedTolerance(options);
  const endpoint = options.endpoint ?? '(unnamed)';
  const flattenOptions: FlattenOptions = {
    exclude: [...(options.volatile ?? DEFAULT_VOLATILE_PATTERNS), ...(options.exclude ?? [])],
    ...(options.arrayKeys ? { arrayKeys: options.arrayKeys } : {}),
    ...(options.labelArrays ? { labelArrays: options.labelArrays } : {}),
  };
  const v1 = flatten(v1Payload, flattenOptions);
  const legacy = flatten(legacyPayload, flattenOptions);
  const registry = activeDeviations(options.deviations ?? [], options.today ?? new Date());
  const expired = registry.expired.filter((entry) => deviationApplies(entry.deviation, options.endpoint));
  const judging: Judging = {
    endpoint,
    options,
    tolerance,
    rewrites: compileRewrites(options.pathMap),
    noisePaths: new Set(options.noise ?? []),
    activeDeviations: registry.active,
  };
  const findings: Findings = {
    kinds: { count: 0, money: 0, percent: 0, undeclared: 0 },
    noiseSeen: new Set(),
    drifts: [],
    acknowledged: [],
    onlyInV1: [],
    onlyInLegacy: [],
    collisions: [],
    mappedSeen: new Map(),
    comparedCount: 0,
    numericCompared: 0,
    matches: 0,
  };
  for (const leaf of v1.leaves.values()) judgeV1Leaf(judging, findings, leaf, legacy);
  judgeLegacyOnlyLeaves(judging, findings, legacy);
  const reasons = failureReasons(findings, { v1: v1.leaves.size, legacy: legacy.leaves.size }, expired);
  return {
    endpoint,
    ...(options.caseName !== undefined ? { caseName: options.caseName } : {}),
    tolerance,
    kinds: findings.kinds,
    comparedCount: findings.comparedCount,
    numericCompared: findings.numericCompared,
    matches: findings.matches,
    drifts: findings.drifts,
    onlyInV1: findings.onlyInV1,
    onlyInLegacy: findings.onlyInLegacy,
    acknowledged: findings.acknowledged,
    noise: [...findings.noiseSeen].sort(),
    excluded: [...new Set([...v1.excluded, ...legacy.excluded])],
    expiredDeviations: expired,
    verdict: reasons.length === 0 ? 'pass' : 'fail',
    reasons,
  };
}

/**
 * Diffy-style noise: paths whose values differ between two calls of the same legacy request
 * (or exist in only one of them). Any difference counts, however small: the legacy disagreeing
 * with itself means the field cannot judge v1. Use the same flatten options as the comparison.
 */
export function learnNoise(
  legacyA: unknown,
  legacyB: unknown,
  options: FlattenOptions & { readonly volatile?: readonly string[] } = {},
): Set<string> {
  const flattenOptions: FlattenOptions = {
    ...options,
    exclude: [...(options.volatile ?? DEFAULT_VOLATILE_PATTERNS), ...(options.exclude ?? [])],
  };
  const first = flatten(legacyA, flattenOptions).leaves;
  const second = flatten(legacyB, flattenOptions).leaves;
  const noise = new Set<string>();
  for (const [path, leaf] of first) {
    const other = second.get(path);
    if (!other || leaf.value !== other.value) noise.add(path);
  }
  for (const path of second.keys()) if (!first.has(path)) noise.add(path);
  return noise;
}
