// Reference-only routes: the suite's self-checks (state fingerprint, unlocking the lockout probe, and
// the log that proves a read-only run sent no write).

import type { FastifyInstance } from 'fastify';
import { invalidPayload } from './errors.ts';
import { type ReferenceState, stateContent, stateFingerprint } from './state.ts';
import { isRecord, parseJsonBody } from './validation.ts';

export function registerReferenceRoutes(app: FastifyInstance, state: ReferenceState): void {
  app.get('/__reference/state', async () => {
    const content = stateContent(state);
    return {
      fingerprint: stateFingerprint(content),
      production_like: state.productionLike,
      faults: [...state.faults].sort(),
      content,
    };
  });
  app.post('/__reference/unlock', async (request) => {
    const body = parseJsonBody(request.body);
    const username = isRecord(body) ? body.username : undefined;
    if (typeof username !== 'string' || username === '') {
      throw invalidPayload([{ loc: ['body', 'username'], msg: 'Field required', type: 'missing' }]);
    }
    const wasBlocked = state.lockouts.unlock(username);
    // The login rate limit is keyed by (ip, username): forget that user's attempts too.
    state.loginLimiter.clear((key) => key.endsWith(`|${username}`));
    return { ok: true, username, was_blocked: wasBlocked };
  });
  app.get('/__reference/requests', async () => ({
    production_like: state.productionLike,
    requests: state.requestLog,
  }));
}
