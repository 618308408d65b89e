import { buildCap, CAP_CATEGORY, capMessageType } from './cap.builder';
import { formatCapTime, utcOffsetMinutes } from './cap-time';
import { escapeXml } from './xml-writer';
import { event, incident, T0 } from '../../test/fixtures/incident.fixture';

const OPTIONS = { sender: 'ioc-dalat', timeZone: 'Asia/Ho_Chi_Minh' };
const tag = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]!);

describe('CAP times', () => {
  it('formats local time with a +hh:mm offset, no fraction, no Z', () => {
    expect(formatCapTime(T0, 'Asia/Ho_Chi_Minh')).toBe('2026-11-23T15:15:30+07:00');
    expect(formatCapTime(T0, 'UTC')).toBe('2026-11-23T08:15:30+00:00');
    expect(formatCapTime(T0, 'America/New_York')).toBe('2026-11-23T03:15:30-05:00');
    expect(utcOffsetMinutes(T0, 'Asia/Kolkata')).toBe(330);
  });
});

describe('CAP message', () => {
  it('is an Alert at first, an Update once anything changed, a Cancel for a false alarm', () => {
    expect(capMessageType({ version: 1, eventCount: 1, resolution: null })).toBe('Alert');
    expect(capMessageType({ version: 2, eventCount: 1, resolution: null })).toBe('Update');
    expect(capMessageType({ version: 1, eventCount: 3, resolution: null })).toBe('Update');
    expect(capMessageType({ version: 4, eventCount: 1, resolution: 'handled' })).toBe('Update');
    expect(capMessageType({ version: 4, eventCount: 1, resolution: 'false_alarm' })).toBe('Cancel');
  });

  it('maps categories sensibly', () => {
    expect(CAP_CATEGORY).toMatchObject({
      fire: 'Fire',
      flood: 'Met',
      landslide: 'Geo',
      air: 'Env',
      traffic: 'Transport',
    });
  });

  it('writes a first Alert with no references, certainty Possible for one source', () => {
    const xml = buildCap(incident(), OPTIONS);
    expect(tag(xml, 'identifier')).toEqual(['ioc-inc-1']);
    expect(tag(xml, 'sent')).toEqual(['2026-11-23T15:15:30+07:00']);
    expect(tag(xml, 'msgType')).toEqual(['Alert']);
    expect(tag(xml, 'references')).toEqual([]);
    expect(tag(xml, 'certainty')).toEqual(['Possible']);
    expect(tag(xml, 'category')).toEqual(['Fire']);
    expect(tag(xml, 'severity')).toEqual(['Moderate']);
    expect(tag(xml, 'circle')).toEqual(['12.047,108.44 1.000']);
  });

  it('names the area by the zone (ZONES_FILE): English, with the Vietnamese name; the id when unlisted', () => {
    const zone = { id: 'langbiang', name: { vi: 'Núi Langbiang', en: 'Langbiang Mountain' } };
    expect(tag(buildCap(incident(), OPTIONS, zone), 'areaDesc')).toEqual([
      'Langbiang Mountain (Núi Langbiang)',
    ]);
    expect(tag(buildCap(incident(), OPTIONS), 'areaDesc')).toEqual(['langbiang']);
  });

  it('writes an Update that references the first Alert, certainty Likely for two sources', () => {
    const xml = buildCap(
      incident({
        version: 1,
        eventCount: 2,
        sources: ['cam-1', 'cam-2'],
        sourceCount: 2,
        seq: 12,
        severity: 'high',
      }),
      OPTIONS,
    );
    expect(tag(xml, 'identifier')).toEqual(['ioc-inc-1-12']);
    expect(tag(xml, 'sent')).toEqual(['2026-11-23T15:15:35+07:00']);
    expect(tag(xml, 'references')).toEqual(['ioc-dalat,ioc-inc-1,2026-11-23T15:15:30+07:00']);
    expect(tag(xml, 'certainty')).toEqual(['Likely']);
    expect(tag(xml, 'urgency')).toEqual(['Immediate']);
  });

  it('cancels a false alarm, with urgency Past', () => {
    const xml = buildCap(
      incident({ version: 3, status: 'resolved', resolution: 'false_alarm' }),
      OPTIONS,
    );
    expect(tag(xml, 'msgType')).toEqual(['Cancel']);
    expect(tag(xml, 'urgency')).toEqual(['Past']);
    expect(tag(xml, 'responseType')).toEqual(['AllClear']);
  });

  it('keeps a citizen description as text: escaped, control characters dropped', () => {
    const report = event({
      deviceId: 'citizen',
      source: 'citizen',
      attributes: { description: '<script>alert("x")</script> & \u0007bell' },
    });
    const xml = buildCap(incident({ events: [event(), report], eventCount: 2 }), OPTIONS);
    expect(xml).toContain(
      'Citizen report: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; bell',
    );
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0007');
  });

  it('widens the circle to hold every event', () => {
    const far = event({ location: { lat: 12.047 + 2000 / 111_320, lon: 108.44 } });
    const [circle] = tag(buildCap(incident({ events: [event(), far] }), OPTIONS), 'circle');
    expect(Number(circle!.split(' ')[1])).toBeCloseTo(2.0, 1);
  });
});

describe('escapeXml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;',
    );
  });
});
