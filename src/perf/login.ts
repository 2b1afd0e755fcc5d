// The perf gate's own login: one token for the analytics loads, taken outside any measured run.
// The token and the password stay in request headers and bodies; nothing of them reaches a result.
import { fetch } from 'undici';
import { z } from 'zod';
import { paceRequest } from '../clients/rate-pacing.ts';
import { TokenPair } from '../contract/v1.ts';
import { endpointUrl, PERF_ENDPOINTS } from './endpoints.ts';

/** Only the token matters here; the login shape itself is the auth gate's to check. */
const LoginAnswer = z.looseObject({ access_token: TokenPair.shape.access_token });

/** POST /auth/login; the token is returned, never logged. Errors name the status, not the body. */
export async function loginForToken(
  apiBase: string,
  username: string,
  password: string,
  timeoutMs: number,
): Promise<string> {
  const url = endpointUrl(apiBase, PERF_ENDPOINTS.login.path);
  await paceRequest('POST', url);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`login as ${username} answered HTTP ${response.status} at ${url}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`login at ${url} answered 200 without JSON`);
  }
  const parsed = LoginAnswer.safeParse(json);
  if (!parsed.success) throw new Error(`login at ${url} answered 200 without an access_token`);
  return parsed.data.access_token;
}
