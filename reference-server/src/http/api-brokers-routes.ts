// API v1 brokers configuration (supervisor scope, commission and prize rules) and each user's saved
// brokers filters, with the planted validation, ordering and ownership faults.

import type { FastifyInstance } from 'fastify';
import type { Principal } from '../auth/tokens.ts';
import type { BrokersConfig } from '../kpis/types.ts';
import type { ApiAccess } from './api-access.ts';
import type { ReferenceState } from './state.ts';
import {
  emptyPreferences,
  isRecord,
  normalizeScope,
  parseJsonBody,
  unvalidatedRules,
  validateCommissionRules,
  validatePreferences,
  validatePrizeRules,
  validateSupervisors,
} from './validation.ts';

/** Whose preferences a request reads and writes (the prefs-* faults key them wrongly). */
function preferencesOwner(state: ReferenceState, principal: Principal): string {
  if (state.faults.has('prefs-shared-between-users')) return 'shared';
  if (state.faults.has('prefs-lost-between-sessions')) return `session:${principal.sid}`;
  return `user:${principal.sub}`;
}

function registerScopeRoutes(v1: FastifyInstance, state: ReferenceState, access: ApiAccess): void {
  const { faults } = state;
  const configNotValidated = faults.has('config-not-validated');
  v1.get('/brokers/supervisors-scope', async (request) => {
    await access.guard(request, 'brokers:read');
    return { supervisors: state.v1Config.supervisors };
  });
  v1.post('/brokers/supervisors-scope', async (request) => {
    await access.guard(request, 'brokers:write_config', true);
    const body = parseJsonBody(request.body);
    // config-not-validated: a body without the list stores an empty scope.
    const posted =
      configNotValidated && isRecord(body) && body.supervisors === undefined ? [] : validateSupervisors(body);
    state.v1Config.supervisors = faults.has('scope-not-normalized') ? posted : normalizeScope(posted);
    return { supervisors: state.v1Config.supervisors };
  });
}

/** GET and POST of one rule list (config-not-validated stores any list, rules-reordered reverses it). */
function registerRulesRoutes<K extends 'commissions' | 'prizes'>(
  v1: FastifyInstance,
  state: ReferenceState,
  access: ApiAccess,
  path: string,
  key: K,
  validate: (body: unknown) => BrokersConfig[K],
): void {
  const { faults } = state;
  v1.get(path, async (request) => {
    await access.guard(request, 'brokers:read');
    return { rules: state.v1Config[key] };
  });
  v1.post(path, async (request) => {
    await access.guard(request, 'brokers:write_config', true);
    const body = parseJsonBody(request.body);
    const rules = faults.has('config-not-validated')
      ? (unvalidatedRules(body) as BrokersConfig[K])
      : validate(body);
    state.v1Config[key] = (faults.has('rules-reordered') ? [...rules].reverse() : rules) as BrokersConfig[K];
    return { rules: state.v1Config[key] };
  });
}

function registerPreferencesRoutes(v1: FastifyInstance, state: ReferenceState, access: ApiAccess): void {
  v1.get('/brokers/preferences', async (request) => {
    const principal = await access.guard(request, 'brokers:read');
    return { filters: state.preferences.get(preferencesOwner(state, principal)) ?? emptyPreferences() };
  });
  v1.post('/brokers/preferences', async (request) => {
    const principal = await access.guard(request, 'brokers:read', true);
    const filters = validatePreferences(parseJsonBody(request.body));
    state.preferences.set(preferencesOwner(state, principal), filters);
    return { filters };
  });
}

export function registerBrokersRoutes(v1: FastifyInstance, state: ReferenceState, access: ApiAccess): void {
  registerScopeRoutes(v1, state, access);
  registerRulesRoutes(v1, state, access, '/brokers/commissions', 'commissions', validateCommissionRules);
  registerRulesRoutes(v1, state, access, '/brokers/prizes', 'prizes', validatePrizeRules);
  registerPreferencesRoutes(v1, state, access);
}
