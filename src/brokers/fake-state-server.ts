// A v1 target for the restore code's unit tests, in process (an HttpTransport, no sockets): logins,
// the three brokers configuration parts and per-user preferences, each stored as the JSON text it was
// sent (a POST stores its body byte for byte, a GET answers the stored text), so a test sees the bytes
// a restore leaves. Faults per path: a GET that answers text that is not JSON, a POST refused with 422,
// a POST answered 200 that stores nothing.

import { createReply, type HttpReply, type HttpRequest, type HttpTransport } from '../clients/transport.ts';
import { ROLE_PERMISSIONS, type Role } from '../contract/permissions.ts';

export const FAKE_PATHS = {
  scope: '/brokers/supervisors-scope',
  commissions: '/brokers/commissions',
  prizes: '/brokers/prizes',
  preferences: '/brokers/preferences',
} as const;

interface FakeStateOptions {
  /** JSON text per configuration path (FAKE_PATHS.scope, .commissions, .prizes). */
  config: Record<string, string>;
  /** JSON text of each user's preferences; a user without an entry reads `{"filters": {}}`. */
  preferences?: Record<string, string>;
}

/** Username -> role: the accounts the fake knows (any password is accepted). */
export type FakeAccounts = Record<string, Role>;

const fakeJwt = (subject: string, kind: string) =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: subject, kind })).toString('base64url')}.c2ln`;

function textOf(request: HttpRequest): string {
  if (request.json !== undefined) return JSON.stringify(request.json);
  if (request.body === undefined) return '';
  return typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
}

export class FakeStateServer {
  readonly texts = new Map<string, string>();
  readonly calls: string[] = [];
  /** Paths whose GET answers 200 with text that is not JSON. */
  readonly unreadable = new Set<string>();
  /** Paths whose POST answers 422 and stores nothing. */
  readonly refused = new Set<string>();
  /** Paths whose POST answers 200 and stores nothing. */
  readonly ignored = new Set<string>();
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly accounts: FakeAccounts,
    initial: FakeStateOptions,
  ) {
    for (const [path, text] of Object.entries(initial.config)) this.texts.set(path, text);
    for (const [user, text] of Object.entries(initial.preferences ?? {}))
      this.texts.set(`${FAKE_PATHS.preferences}#${user}`, text);
  }

  /** The stored text of a configuration path, or of a user's preferences (`preferencesOf`). */
  text(path: string): string | undefined {
    return this.texts.get(path);
  }

  preferencesOf(user: string): string {
    return this.texts.get(`${FAKE_PATHS.preferences}#${user}`) ?? '{"filters": {}}';
  }

  readonly transport: HttpTransport = {
    send: async (request): Promise<HttpReply> => this.answer(request),
  };

  private answer(request: HttpRequest): HttpReply {
    const path = new URL(request.url).pathname.replace(/^\/api\/v1/, '');
    this.calls.push(`${request.method} ${path}`);
    const reply = (status: number, body: string) =>
      createReply({
        status,
        headers: { 'content-type': 'application/json' },
        body,
        url: request.url,
        method: request.method,
      });
    const error = (status: number, code: string) =>
      reply(status, JSON.stringify({ error_code: code, message: code, details: {}, trace_id: 'fake' }));

    if (request.method === 'POST' && path === '/auth/login') {
      const { username } = JSON.parse(textOf(request)) as { username: string };
      const role = this.accounts[username];
      if (!role) return error(401, 'UNAUTHORIZED');
      const access = fakeJwt(username, `access-${this.tokens.size}`);
      this.tokens.set(access, username);
      return reply(
        200,
        JSON.stringify({
          access_token: access,
          refresh_token: fakeJwt(username, 'refresh'),
          token_type: 'bearer',
          role,
          permissions: ROLE_PERMISSIONS[role],
        }),
      );
    }
    const user = this.tokens.get((request.headers?.authorization ?? '').replace(/^Bearer /, ''));
    if (!user) return error(401, 'UNAUTHORIZED');
    const key = path === FAKE_PATHS.preferences ? `${path}#${user}` : path;
    if (path !== FAKE_PATHS.preferences && !Object.values(FAKE_PATHS).includes(path as never))
      return error(404, 'NOT_FOUND');
    if (request.method === 'GET') {
      if (this.unreadable.has(path)) return reply(200, '<html>maintenance</html>');
      return reply(
        200,
        path === FAKE_PATHS.preferences ? this.preferencesOf(user) : (this.texts.get(key) ?? '{}'),
      );
    }
    if (this.refused.has(path)) return error(422, 'INVALID_PAYLOAD');
    const sent = textOf(request);
    if (!this.ignored.has(path)) this.texts.set(key, sent);
    return reply(200, sent);
  }
}
