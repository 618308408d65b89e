import { imageTypeOf, parseSnapshotTopic } from '@ioc/shared';
import { ManualClock } from '../clock';
import { RecordingSink } from '../testing/recording.sink';
import { join } from 'node:path';
import { LIBRARY_DIR, loadScenarioFile, parseScenario } from '../scenarios/scenario.loader';
import { runScenario } from '../scenarios/scenario.runner';

const loadLibraryScenario = (name: string) => loadScenarioFile(join(LIBRARY_DIR, `${name}.yaml`));

describe('scenario steps with a camera frame', () => {
  it('sends the drawn frame on the snapshot topic of the event, right after the event', async () => {
    const scenario = parseScenario({
      name: 'framed',
      title: 'A framed event',
      devices: {
        'cam-1': {
          kind: 'camera',
          name: 'Cam 1',
          location: { lat: 11.94, lon: 108.44 },
          zone: 'center',
        },
      },
      steps: [
        { at: 0, action: 'birth', device: 'cam-1' },
        { at: 0, action: 'event', device: 'cam-1', snapshot: 'fog', event: { type: 'fire.smoke' } },
      ],
      expect: { incidents: [] },
    });
    const sink = new RecordingSink();
    const result = await runScenario(scenario, {
      sink,
      clock: new ManualClock(),
      speed: 0,
      topicRoot: 'ioc',
      runTag: 'r',
      seed: 1,
    });
    const [, event, frame] = result.messages;
    expect(result.messages.map((m) => m.channel)).toEqual(['birth', 'events', 'snapshots']);
    const { id } = JSON.parse(String(event?.payload)) as { id: string };
    expect(parseSnapshotTopic(frame?.topic ?? '')).toEqual({ deviceId: 'cam-1', eventId: id });
    expect(imageTypeOf(frame?.payload as Buffer)).toBe('image/png');
  });

  it('gives the library a fog-looks-like-smoke scenario and a fire that sends frames', () => {
    const fog = loadLibraryScenario('fog-looks-like-smoke');
    const fogFrames = fog.steps.filter((s) => s.action === 'event' && s.snapshot === 'fog');
    expect(fogFrames.length).toBeGreaterThanOrEqual(2);
    const fire = loadLibraryScenario('forest-fire');
    const kinds = fire.steps.flatMap((s) =>
      s.action === 'event' && s.snapshot ? [s.snapshot] : [],
    );
    expect(kinds).toEqual(expect.arrayContaining(['smoke', 'flames']));
  });
});
