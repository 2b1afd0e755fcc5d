/**
 * Flatten a JSON payload to its leaves, each named by its path (syntax: see ./path.ts, e.g.
 * `byGestion["01/2026"].total`, `rows[month="04/2023",supervisor="X",un="Y",via="Z"].count`).
 *
 * - Leaves are numbers (compared numerically), strings, booleans and null (compared for
 *   equality). Empty objects and arrays produce no leaf.
 * - `exclude` patterns drop a node and everything below it (`meta.signature`, `meta.filters`).
 * - `arrayKeys` match arrays of objects by identity instead of position, so a row missing on
 *   one side is reported as "only on one side" instead of shifting every later row. The key
 *   fields become the segment and are not repeated as leaves. A repeated identity gets `#2`, ...
 * - `labelArrays` name arrays of scalars (e.g. mora's `labels`) whose values key every sibling
 *   array of the same length (`moroso_transition_pct[labels="05/2025"]`), for parallel arrays.
 */
import {
  compilePattern,
  compilePatterns,
  firstMatch,
  type IdentityField,
  type JsonScalar,
  type PathPattern,
  type PathSegment,
  renderPath,
} from './path.ts';

interface ArrayKeying {
  /** Pattern of the array's path, e.g. `rows` or `**.rows`. */
  readonly array: string;
  /** Fields of each element that together identify it, e.g. ['month', 'supervisor', 'un', 'via']. */
  readonly fields: readonly string[];
}

export interface FlattenOptions {
  readonly exclude?: readonly string[];
  readonly arrayKeys?: readonly ArrayKeying[];
  readonly labelArrays?: readonly string[];
}

export interface Leaf {
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly value: JsonScalar;
}

export interface Flattened {
  /** Leaves by rendered path, in document order. */
  readonly leaves: Map<string, Leaf>;
  /** Paths of the nodes dropped by `exclude`. */
  readonly excluded: string[];
}

interface Compiled {
  exclude: PathPattern[];
  arrayKeys: { pattern: PathPattern; fields: readonly string[] }[];
  labelArrays: PathPattern[];
}

interface Labels {
  name: string;
  values: readonly JsonScalar[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is JsonScalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function asScalar(value: unknown): JsonScalar {
  if (isScalar(value)) return value;
  // A nested value as an identity field is odd but must still identify the row deterministically.
  return value === undefined ? null : JSON.stringify(value);
}

/** Give each identity its occurrence number so duplicates stay distinct and visible. */
function identitySegments(identities: readonly IdentityField[][]): PathSegment[] {
  const seen = new Map<string, number>();
  return identities.map((fields) => {
    const text = JSON.stringify(fields.map((field) => [field.name, field.value]));
    const occurrence = (seen.get(text) ?? 0) + 1;
    seen.set(text, occurrence);
    return { kind: 'identity', fields, occurrence };
  });
}

function elementSegments(
  array: readonly unknown[],
  keyFields: readonly string[] | undefined,
  labels: Labels | undefined,
): PathSegment[] {
  if (labels) {
    return identitySegments(labels.values.map((value) => [{ name: labels.name, value }]));
  }
  if (keyFields && array.every(isRecord)) {
    return identitySegments(
      array.map((element) => keyFields.map((name) => ({ name, value: asScalar(element[name]) }))),
    );
  }
  return array.map((_, index) => ({ kind: 'index', index }));
}

function findLabels(
  record: Record<string, unknown>,
  segments: readonly PathSegment[],
  compiled: Compiled,
): Labels | undefined {
  if (compiled.labelArrays.length === 0) return undefined;
  for (const [name, value] of Object.entries(record)) {
    if (!Array.isArray(value) || !value.every(isScalar)) continue;
    if (firstMatch(compiled.labelArrays, [...segments, { kind: 'key', name }]))
      return { name, values: value };
  }
  return undefined;
}

function visit(
  value: unknown,
  segments: PathSegment[],
  compiled: Compiled,
  out: Flattened,
  labels: Labels | undefined,
  skipFields: readonly string[],
): void {
  const path = renderPath(segments);
  if (firstMatch(compiled.exclude, segments, path)) {
    out.excluded.push(path);
    return;
  }
  if (Array.isArray(value)) {
    const keyFields = labels
      ? undefined
      : compiled.arrayKeys.find((keying) => keying.pattern.matches(segments, path))?.fields;
    const children = elementSegments(value, keyFields, labels);
    value.forEach((element, index) => {
      const segment = children[index];
      if (segment === undefined) return;
      const skip = segment.kind === 'identity' && keyFields ? keyFields : [];
      visit(element, [...segments, segment], compiled, out, undefined, skip);
    });
    return;
  }
  if (isRecord(value)) {
    const siblingLabels = findLabels(value, segments, compiled);
    for (const [name, child] of Object.entries(value)) {
      if (child === undefined || skipFields.includes(name)) continue;
      const childLabels =
        siblingLabels && Array.isArray(child) && child.length === siblingLabels.values.length
          ? siblingLabels
          : undefined;
      visit(child, [...segments, { kind: 'key', name }], compiled, out, childLabels, []);
    }
    return;
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return;
  out.leaves.set(path, {
    path,
    segments,
    value: asScalar(typeof value === 'bigint' ? Number(value) : value),
  });
}

/** Every leaf of `payload` by path (see the module comment). Throws on a bad pattern. */
export function flatten(payload: unknown, options: FlattenOptions = {}): Flattened {
  const compiled: Compiled = {
    exclude: compilePatterns(options.exclude ?? []),
    arrayKeys: (options.arrayKeys ?? []).map((keying) => ({
      pattern: compilePattern(keying.array),
      fields: keying.fields,
    })),
    labelArrays: compilePatterns(options.labelArrays ?? []),
  };
  const out: Flattened = { leaves: new Map(), excluded: [] };
  visit(payload, [], compiled, out, undefined, []);
  return out;
}
