import { incident } from '../../test/fixtures/incident.fixture';
import { buildCapFeed } from './atom-feed.builder';
import { isOpenData } from './open-data-incidents';

const OPTIONS = {
  selfUrl: 'https://hub.example.org/api/cap/feed',
  capUrl: (id: string) => `https://hub.example.org/api/incidents/${id}/cap`,
  timeZone: 'Asia/Ho_Chi_Minh',
};

describe('CAP Atom feed', () => {
  it('has one entry per incident, titled with its CAP msgType and linking to its CAP document', () => {
    const xml = buildCapFeed(
      [
        incident({ id: 'a', title: 'Smoke' }),
        incident({ id: 'b', title: 'Flood', version: 3 }),
        incident({ id: 'c', title: 'Crowd', status: 'resolved', resolution: 'false_alarm' }),
      ],
      OPTIONS,
    );
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect([...xml.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1])).toEqual([
      'IOC event hub: current alerts',
      'Alert: Smoke',
      'Update: Flood',
      'Cancel: Crowd',
    ]);
    expect(xml).toContain(
      '<link rel="alternate" type="application/cap+xml" href="https://hub.example.org/api/incidents/b/cap"/>',
    );
    expect(xml).toContain('<category term="Fire"/>');
    // The feed is as new as its newest entry (updatedAt is T0 + 5 s).
    expect(/<feed[\s\S]*?<updated>([^<]*)</.exec(xml)?.[1]).toBe('2026-11-23T15:15:35+07:00');
  });

  it('escapes titles and still has an author and an updated time when empty', () => {
    expect(buildCapFeed([incident({ title: 'A < B & "C"' })], OPTIONS)).toContain(
      '<title>Alert: A &lt; B &amp; &quot;C&quot;</title>',
    );
    const empty = buildCapFeed([], OPTIONS);
    expect(empty).toMatch(/<author>\s*<name>IOC event hub<\/name>/);
    expect(empty).toMatch(/<updated>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00<\/updated>/);
    expect(empty).not.toContain('<entry>');
  });

  it('publishes neither device faults nor closed incidents', () => {
    expect(isOpenData(incident())).toBe(true);
    expect(isOpenData(incident({ status: 'resolved' }))).toBe(true);
    expect(isOpenData(incident({ status: 'closed' }))).toBe(false);
    expect(isOpenData(incident({ category: 'device', type: 'device.offline' }))).toBe(false);
  });
});
