// The reference server's GET /__reference/state (reference-only: a fingerprint of its mutable state
// — v1 and legacy configuration, saved preferences, lockouts). Used only when target.mode is
// 'reference', to prove a gate leaves the server as it found it.
import { z } from 'zod';
import { parseReply } from '../clients/expect-ok.ts';
import type { HttpTransport } from '../clients/transport.ts';
import { sameContent } from './canonical.ts';

const REFERENCE_STATE_PATH = '/__reference/state';

export const ReferenceState = z.looseObject({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  content: z.record(z.string(), z.unknown()),
});
export type ReferenceState = z.output<typeof ReferenceState>;

/** The reference-only routes live at the root of the API app, beside /api/v1. */
export function referenceStateUrl(apiBase: string): string {
  return new URL(REFERENCE_STATE_PATH, apiBase).toString();
}

export async function fetchReferenceState(
  transport: HttpTransport,
  apiBase: string,
  timeoutMs = 15_000,
): Promise<ReferenceState> {
  const reply = await transport.send({
    method: 'GET',
    url: referenceStateUrl(apiBase),
    headers: { accept: 'application/json' },
    timeoutMs,
  });
  return parseReply(reply, ReferenceState);
}

/** Top-level parts of the state content (v1_config, preferences, ...) whose value differs. */
export function changedStateParts(before: ReferenceState, after: ReferenceState): string[] {
  const keys = [...new Set([...Object.keys(before.content), ...Object.keys(after.content)])].sort();
  const parts: string[] = [];
  for (const key of keys) {
    const a = before.content[key];
    const b = after.content[key];
    if (isRecord(a) && isRecord(b)) {
      const inner = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const sub of inner) {
        if (!sameContent(a[sub], b[sub])) parts.push(`${key}.${sub}`);
      }
    } else if (!sameContent(a, b)) {
      parts.push(key);
    }
  }
  return parts;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
