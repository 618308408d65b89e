import { haversineM, type IncidentDetail, type IncidentList } from '@ioc/shared';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';
import { runSimulator } from '../support/simulator-process';

describe("the simulator's forest-fire scenario over Mosquitto", () => {
  let hub: HubProcess;

  beforeAll(async () => {
    hub = await HubProcess.start('forest-fire-scenario', {
      broker: 'mosquitto',
      database: 'sqlite',
    });
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  it('becomes one explained fire incident on Langbiang, raised for several sources', async () => {
    await runSimulator([
      'scenario',
      'forest-fire',
      '--url',
      hub.mqttUrl,
      '--topic-root',
      hub.topicRoot,
      '--speed',
      '0',
      '--seed',
      '7',
    ]);
    const token = await hub.login('operator');
    const fire = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', token);
      expect(items).toHaveLength(1);
      // Both cameras and the heat sensor (its sustained 55–63 °C derive fire.heat).
      expect(items[0]!.sources).toEqual(
        expect.arrayContaining([
          'cam-langbiang-ridge-1',
          'cam-langbiang-ridge-2',
          'temp-langbiang-01',
        ]),
      );
      return items[0]!;
    });
    expect(fire.zone).toBe('langbiang');
    expect(fire.types).toEqual(expect.arrayContaining(['fire.smoke', 'fire.flame', 'fire.heat']));
    // flame is high; several distinct sources raise it to critical.
    expect(fire.severity).toBe('critical');
    // The ridge cameras send bearings, not places: the fire is where their rays cross.
    expect(fire.locationMethod).toBe('triangulated');
    expect(haversineM(fire.location, { lat: 12.0357, lon: 108.4403 })).toBeLessThan(300);
    expect(fire.locationUncertaintyM).toBeGreaterThan(0);
    expect(fire.rays?.map((r) => r.source)).toEqual(
      expect.arrayContaining(['cam-langbiang-ridge-1', 'cam-langbiang-ridge-2']),
    );
    const detail = await hub.get<IncidentDetail>(`/api/incidents/${fire.id}`, token);
    expect(detail.events.length).toBe(fire.eventCount);
    expect(detail.events.filter((e) => e.reason.rule === 'opened')).toHaveLength(1);
    for (const event of detail.events.filter((e) => e.reason.rule === 'joined')) {
      expect(event.reason.distanceM).toBeLessThanOrEqual(1000);
      expect(event.reason.text).toMatch(/m from the incident centre/);
    }
  });
});
