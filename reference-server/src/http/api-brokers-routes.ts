// API v1 brokers configuration (supervisor scope, commission and prize rules) and each user's saved
// brokers filters, with the planted validation, ordering and ownership faults.

import type { FastifyInstance } from 'fastify';
import type { Principal } from '../auth/tokens.ts';
import type { CommissionRule, PrizeRule } from '../kpis/types.ts';
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

function registerConfigRoutes(v1: FastifyInstance, state: ReferenceState, access: ApiAccess): void {
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

  const ordered = <T>(rules: T[]): T[] => (faults.has('rules-reordered') ? [...rules].reverse() : rules);
  v1.get('/brokers/commissions', async (request) => {
    await access.guard(request, 'brokers:read');
    return { rules: state.v1Config.commissions };
  });
  v1.post('/brokers/commissions', async (request) => {
    await access.guard(request, 'brokers:write_config', true);
    const body = parseJsonBody(request.body);
    state.v1Config.commissions = ordered(
      configNotValidated ? (unvalidatedRules(body) as CommissionRule[]) : validateCommissionRules(body),
    );
    return { rules: state.v1Config.commissions };
  });
  v1.get('/brokers/prizes', async (request) => {
    await access.guard(request, 'brokers:read');
    return { rules: state.v1Config.prizes };
  });
  v1.post('/brokers/prizes', async (request) => {
    await access.guard(request, 'brokers:write_config', true);
    const body = parseJsonBody(request.body);
    state.v1Config.prizes = ordered(
      configNotValidated ? (unvalidatedRules(body) as PrizeRule[]) : validatePrizeRules(body),
    );
    return { rules: state.v1Config.prizes };
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
  registerConfigRoutes(v1, state, access);
  registerPreferencesRoutes(v1, state, access);
}
