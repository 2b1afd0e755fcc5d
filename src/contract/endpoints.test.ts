import { describe, expect, it } from 'vitest';
import { EXPORT_ENDPOINTS, findV1Route, PARITY_PAIRS, V1_ROUTES } from './endpoints.ts';

describe('endpoints', () => {
  it('finds a route by method and path', () => {
    expect(findV1Route('post', '/brokers/commissions')).toBe('setCommissions');
    expect(findV1Route('GET', '/brokers/commissions')).toBe('getCommissions');
    expect(findV1Route('GET', '/analytics/mora/summary')).toBeUndefined();
  });

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
