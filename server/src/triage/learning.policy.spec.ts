import { DEFAULT_LEARNING } from '../correlation/correlation-rules';
import { barsToRaise, period } from './learning.policy';

const rules = { triageMinConfidence: { fire: 0.6 }, learning: DEFAULT_LEARNING };
const never = (): boolean => false;

describe('learning from false alarms', () => {
  it('raises the bar of a camera with 10 dismissed fog alarms of 10 in a week', () => {
    const raises = barsToRaise(
      [{ deviceId: 'cam-fog', type: 'fire.smoke', incidents: 10, falseAlarms: 10 }],
      rules,
      never,
    );
    expect(raises).toEqual([
      expect.objectContaining({
        deviceId: 'cam-fog',
        type: 'fire.smoke',
        baseConfidence: 0.6,
        minConfidence: 0.8,
      }),
    ]);
    expect(raises[0]?.reason).toMatch(/10 of 10 incidents in 7 days/);
  });

  it('leaves a camera under the count or under the share alone', () => {
    expect(
      barsToRaise(
        [
          { deviceId: 'few', type: 'fire.smoke', incidents: 9, falseAlarms: 9 },
          { deviceId: 'good', type: 'fire.smoke', incidents: 20, falseAlarms: 9 },
        ],
        rules,
        never,
      ),
    ).toEqual([]);
  });

  it('raises at exactly the limit (50 % of 10)', () => {
    expect(
      barsToRaise(
        [{ deviceId: 'c', type: 'fire.smoke', incidents: 10, falseAlarms: 5 }],
        rules,
        never,
      ),
    ).toHaveLength(1);
  });

  it('learns only in categories with triage, and never raises a bar twice', () => {
    expect(
      barsToRaise(
        [{ deviceId: 'c', type: 'traffic.congestion', incidents: 50, falseAlarms: 50 }],
        rules,
        never,
      ),
    ).toEqual([]);
    expect(
      barsToRaise(
        [{ deviceId: 'c', type: 'fire.smoke', incidents: 50, falseAlarms: 50 }],
        rules,
        () => true,
      ),
    ).toEqual([]);
  });

  it('caps the raised bar below 1', () => {
    const high = {
      triageMinConfidence: { fire: 0.9 },
      learning: { ...DEFAULT_LEARNING, raiseBy: 0.5 },
    };
    expect(
      barsToRaise(
        [{ deviceId: 'c', type: 'fire.smoke', incidents: 10, falseAlarms: 10 }],
        high,
        never,
      )[0]?.minConfidence,
    ).toBe(0.99);
  });

  it('reports a share of 0 without incidents', () => {
    expect(period(0, 0)).toEqual({ incidents: 0, falseAlarms: 0, share: 0 });
  });
});
