// Runs last in the gate (Playwright runs a project's files in name order with one worker, hence
// the zz- prefix): on the reference target, the server's configuration and preferences end exactly
// as the gate's first test found them (GET /__reference/state fingerprint), so running the gate
// twice in a row starts the second run from the same state as the first.
import { changedStateParts, fetchReferenceState } from '../../src/brokers/reference-state.ts';
import { playwrightTransport } from '../../src/clients/transport.ts';
import { excludeTest, expect, readGateStart, test } from '../../src/gate-fixtures/brokers.ts';

test.describe('brokers gate leaves the target as found', { tag: ['@brokers'] }, () => {
  test('the brokers gate ends with the configuration and preferences it started with', async ({
    target,
    request,
    evidence,
  }, testInfo) => {
    if (target.mode !== 'reference') {
      excludeTest(testInfo, 'needs the reference target (GET /__reference/state)');
      return;
    }
    const start = readGateStart(testInfo, target);
    if (!start || start.recordedBy === testInfo.testId) {
      excludeTest(testInfo, 'no other brokers test ran before this one in this run: nothing to compare');
      return;
    }
    const end = await fetchReferenceState(playwrightTransport(request), target.apiBase);
    const changed = changedStateParts(start.state, end);
    await evidence('state-fingerprints', { start: start.state.fingerprint, end: end.fingerprint, changed });
    if (changed.length > 0) {
      await testInfo.attach('state-start-and-end', {
        body: JSON.stringify({ start: start.state.content, end: end.content }, null, 2),
        contentType: 'application/json',
      });
    }
    expect(
      end.fingerprint,
      `the reference server's state changed during the gate: ${changed.join(', ')} (see the state-start-and-end attachment)`,
    ).toBe(start.state.fingerprint);
  });
});
