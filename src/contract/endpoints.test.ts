import { describe, expect, it } from 'vitest';
import { EXPORT_ENDPOINTS, PARITY_PAIRS, V1_ROUTES } from './endpoints.ts';

describe('endpoints', () => {
  it('the parity pairs are the contract table', () => {
    expect(
      PARITY_PAIRS.map((pair) => [V1_ROUTES[pair.v1].path, pair.legacy.method, pair.legacy.path]),
    ).toEqual([
      ['/analytics/portfolio/summary', 'GET', '/analytics/portfolio/summary'],
      ['/analytics/rendimiento/summary', 'GET', '/analytics/performance/by-management-month'],
      ['/analytics/mora/summary', 'GET', '/analytics/movement/moroso-trend'],
      ['/analytics/brokers/summary', 'POST', '/api/brokers/summary'],
    ]);
  });

  it('exports the four summaries', () => {
    expect(EXPORT_ENDPOINTS).toEqual(['portfolio', 'rendimiento', 'mora', 'brokers']);
  });
});
