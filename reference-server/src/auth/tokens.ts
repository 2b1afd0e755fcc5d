// Access and refresh JWTs. Access: HS256 {sub, role, permissions, sid, typ:'access', iat, exp}
// for 15 minutes. Refresh: HS256 {sub, sid, typ:'refresh', jti, iat, exp} signed with a different
// random secret; the session store (sessions.ts) decides whether a refresh jti is still live.
// Planted token defects (alg none, expired, refresh-as-access) are decided here.

import { randomBytes, randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { findUser, isRole, type Permission, permissionsOf, type Role } from './users.ts';

export const ACCESS_TTL_SECONDS = 15 * 60;
const REFRESH_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Who is calling, as a verified (or, under a fault, trusted) access token says. */
export interface Principal {
  sub: string;
  role: string;
  permissions: string[];
  /** Login session the token belongs to (kept across refreshes). */
  sid: string;
}

export interface RefreshClaims {
  sub: string;
  sid: string;
  jti: string;
  exp: number;
}

export interface TokenFaults {
  acceptsAlgNone: boolean;
  acceptsExpired: boolean;
  refreshAsAccess: boolean;
  /** exp-ignored: a correctly signed access token is accepted after its exp. */
  expIgnored: boolean;
  /** verify-cache-by-signature: a signature verified once vouches for any payload sent with it. */
  verifyCacheBySignature: boolean;
  /** malformed-token-500: a token that does not decode throws (500) instead of being refused (401). */
  malformedToken500: boolean;
  /** Sign with the customer's published example secrets instead of random ones. */
  exampleSecrets?: boolean;
}

/** The example secrets the customer's settings and `.env.example` ship (a deployment may keep them). */
const PUBLISHED_EXAMPLE_SECRETS = {
  access: 'change_me_jwt_secret',
  refresh: 'change_me_refresh_secret',
} as const;

function secretOf(example: string, useExample: boolean | undefined): Uint8Array {
  return useExample ? new TextEncoder().encode(example) : new Uint8Array(randomBytes(32));
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value] : undefined;
}

/** A principal from claims; permissions come from the token, else from its role. */
function principalOf(claims: JWTPayload): Principal | null {
  if (typeof claims.sub !== 'string' || claims.sub === '') return null;
  const role = typeof claims.role === 'string' ? claims.role : '';
  const permissions: string[] = stringList(claims.permissions) ?? (isRole(role) ? permissionsOf(role) : []);
  return { sub: claims.sub, role, permissions, sid: typeof claims.sid === 'string' ? claims.sid : '' };
}

export class TokenService {
  private readonly accessSecret: Uint8Array;
  private readonly refreshSecret: Uint8Array;
  /** Signatures verified once (only kept under verify-cache-by-signature). */
  private readonly verifiedSignatures = new Set<string>();

  constructor(
    private readonly now: () => number,
    private readonly faults: TokenFaults,
    /** Lifetime of access tokens (the contract's 15 minutes unless --access-ttl says otherwise). */
    private readonly accessTtlSeconds = ACCESS_TTL_SECONDS,
  ) {
    this.accessSecret = secretOf(PUBLISHED_EXAMPLE_SECRETS.access, faults.exampleSecrets);
    this.refreshSecret = secretOf(PUBLISHED_EXAMPLE_SECRETS.refresh, faults.exampleSecrets);
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  async issueAccess(sub: string, role: Role, sid: string): Promise<string> {
    const iat = this.nowSeconds();
    return new SignJWT({ role, permissions: permissionsOf(role) satisfies Permission[], sid, typ: 'access' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.accessTtlSeconds)
      .sign(this.accessSecret);
  }

  async issueRefresh(sub: string, sid: string): Promise<RefreshClaims & { token: string }> {
    const iat = this.nowSeconds();
    const jti = randomUUID();
    const exp = iat + REFRESH_TTL_SECONDS;
    const token = await new SignJWT({ sid, typ: 'refresh' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.refreshSecret);
    return { token, sub, sid, jti, exp };
  }

  /** A refresh token's claims when its signature, type and expiry hold; null otherwise. */
  async verifyRefresh(token: string): Promise<RefreshClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.refreshSecret, {
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      if (payload.typ !== 'refresh' || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') {
        return null;
      }
      return {
        sub: payload.sub,
        sid: typeof payload.sid === 'string' ? payload.sid : '',
        jti: payload.jti,
        exp: payload.exp ?? 0,
      };
    } catch {
      return null;
    }
  }

  /** The caller of a bearer token, or null (401). */
  async authenticate(token: string): Promise<Principal | null> {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch (error) {
      if (this.faults.malformedToken500) throw error;
      return null;
    }
    if (alg === 'none') return this.faults.acceptsAlgNone ? this.trustClaims(token) : null;
    const signature = token.split('.')[2] ?? '';
    if (this.faults.verifyCacheBySignature && this.verifiedSignatures.has(signature)) {
      return this.trustClaims(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.accessSecret, {
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      if (this.faults.verifyCacheBySignature) this.verifiedSignatures.add(signature);
      return payload.typ === 'access' ? principalOf(payload) : null;
    } catch (error) {
      // jose throws JWTExpired only after the signature verified: the claims are the server's own.
      if (this.faults.expIgnored && error instanceof errors.JWTExpired && error.payload.typ === 'access') {
        return principalOf(error.payload);
      }
      return this.faultyFallback(token);
    }
  }

  private trustClaims(token: string): Principal | null {
    try {
      return principalOf(decodeJwt(token));
    } catch {
      return null;
    }
  }

  /** Planted defects only: paths a correct server never takes after a failed verification. */
  private async faultyFallback(token: string): Promise<Principal | null> {
    if (this.faults.refreshAsAccess) {
      const refresh = await this.verifyRefresh(token);
      const user = refresh ? findUser(refresh.sub) : undefined;
      if (refresh && user) {
        return {
          sub: user.username,
          role: user.role,
          permissions: permissionsOf(user.role),
          sid: refresh.sid,
        };
      }
    }
    if (this.faults.acceptsExpired) {
      let claims: JWTPayload | undefined;
      try {
        claims = decodeJwt(token);
      } catch {
        claims = undefined;
      }
      // The "grace" path for expired tokens trusts their claims without checking the signature.
      if (claims && typeof claims.exp === 'number' && claims.exp <= this.nowSeconds())
        return principalOf(claims);
    }
    return null;
  }
}
