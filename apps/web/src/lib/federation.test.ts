import { describe, expect, it } from 'vitest';
import { type LinkFacts, heartbeatStale, linkHealth, matchesStatus } from './federation';

const now = Date.parse('2024-05-10T12:00:00Z');
const fresh = '2024-05-10T11:59:50Z';
const old = '2024-05-10T11:50:00Z';
const facts = (p: Partial<LinkFacts>): LinkFacts => ({
  enrolled: true,
  lagEvents: 0,
  quarantinedCount: 0,
  lastHeartbeatAt: fresh,
  lastEventAt: null,
  ...p,
});

describe('linkHealth', () => {
  it('ranks quarantined over stale over lagging', () => {
    expect(linkHealth(facts({ enrolled: false, quarantinedCount: 3 }), now)).toBe('unenrolled');
    expect(linkHealth(facts({ quarantinedCount: 1, lastHeartbeatAt: old, lagEvents: 5 }), now)).toBe('quarantined');
    expect(linkHealth(facts({ lastHeartbeatAt: old, lagEvents: 5 }), now)).toBe('stale');
    expect(linkHealth(facts({ lagEvents: 5 }), now)).toBe('lagging');
    expect(linkHealth(facts({}), now)).toBe('ok');
  });
  it('counts a recent event as a sign of life when no heartbeat came yet', () => {
    expect(heartbeatStale(facts({ lastHeartbeatAt: null, lastEventAt: fresh }), now)).toBe(false);
    expect(heartbeatStale(facts({ lastHeartbeatAt: null, lastEventAt: null }), now)).toBe(true);
    expect(heartbeatStale(facts({ enrolled: false, lastHeartbeatAt: null }), now)).toBe(false);
  });
});

describe('matchesStatus', () => {
  it('filters by one condition', () => {
    expect(matchesStatus(facts({}), 'enrolled', now)).toBe(true);
    expect(matchesStatus(facts({ enrolled: false }), 'unenrolled', now)).toBe(true);
    expect(matchesStatus(facts({ lagEvents: 2 }), 'lagging', now)).toBe(true);
    expect(matchesStatus(facts({ lagEvents: 0 }), 'lagging', now)).toBe(false);
    expect(matchesStatus(facts({ lastHeartbeatAt: old }), 'stale', now)).toBe(true);
    expect(matchesStatus(facts({ quarantinedCount: 1 }), 'quarantined', now)).toBe(true);
  });
});
