import { ManualClock } from '@tandem/core';
import { eventually } from '@tandem/testing';
import { gql } from './support/clinic-fixture';
import { createDosingTeam, dosingCase } from './support/dosing-fixture';
import type { DosingTeam } from './support/dosing-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';
import { startTestWorker } from './support/test-worker';
import type { TestWorker } from './support/test-worker';

/** docs/operations.md, "What to watch": the gauges alerts on safety-alert delivery, the outbox relay and the audit seal need. */
const RECORD = 'mutation M($c: ID!, $i: RecordMeasureInput!) { recordMeasure(caseId: $c, input: $i) { id } }';
// PHQ-9 with item 9 (thoughts of self-harm) above 0 opens a safety signal.
const ITEM_9_POSITIVE = { instrument: 'PHQ9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 1] };

describe('backlog gauges in /metrics: safety alerts, the outbox, the audit seal', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let team: DosingTeam;
  let caseId: string;
  let worker: TestWorker | undefined;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    team = await createDosingTeam(app, clock, 'alerts');
    ({ caseId } = await dosingCase(app, team));
  });

  afterAll(async () => {
    await worker?.stop();
    await app.stop();
  });

  const scrape = async () => (await fetch(`${app.gateway.url}/metrics`)).text();
  const gauge = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

  it('reports nothing waiting before any signal', async () => {
    const text = await scrape();
    expect(gauge(text, 'tandem_safety_alerts_undelivered')).toBe(0);
    expect(gauge(text, 'tandem_safety_alert_undelivered_age_seconds')).toBe(0);
  });

  it('counts signals no inbox has heard of, and how long the oldest has waited, without naming any of them', async () => {
    const outboxBefore = gauge(await scrape(), 'tandem_outbox_unrelayed');
    for (let i = 0; i < 2; i += 1) {
      const recorded = await gql(app, RECORD, { c: caseId, i: ITEM_9_POSITIVE }, team.therapist.accessToken);
      expect(recorded.body.errors).toBeUndefined();
      clock.advance(60_000);
    }
    clock.advance(8 * 60_000);
    const text = await scrape();
    expect(gauge(text, 'tandem_safety_alerts_undelivered')).toBe(2);
    // The first signal was opened ten minutes ago by the gateway's clock.
    expect(gauge(text, 'tandem_safety_alert_undelivered_age_seconds')).toBe(600);
    // Each signal's outbox row waits for a relay (no worker runs yet); the audit events of the
    // team's set-up wait for the sealer, the oldest since before the clock moved on ten minutes.
    expect(gauge(text, 'tandem_outbox_unrelayed')).toBeGreaterThanOrEqual(outboxBefore + 2);
    expect(gauge(text, 'tandem_audit_events_unsealed')).toBeGreaterThan(0);
    expect(gauge(text, 'tandem_audit_unsealed_age_seconds')).toBeGreaterThanOrEqual(600);
    for (const id of [caseId, team.clinic.id, team.therapist.membershipId]) expect(text).not.toContain(id);
  });

  it('falls to zero once the worker has relayed the outbox and put the alerts in the inboxes', async () => {
    worker = await startTestWorker(app, { clock });
    await eventually(async () => gauge(await scrape(), 'tandem_safety_alerts_undelivered') === 0, 30_000);
    expect(gauge(await scrape(), 'tandem_safety_alert_undelivered_age_seconds')).toBe(0);
    await eventually(async () => gauge(await scrape(), 'tandem_outbox_unrelayed') === 0, 30_000);
    expect(gauge(await scrape(), 'tandem_outbox_unrelayed_age_seconds')).toBe(0);
  });
});
