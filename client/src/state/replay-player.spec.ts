import { describe, expect, it } from '@jest/globals';
import type { Situation, SituationChange } from '@ioc/shared';
import { makeIncident } from '../testing/fixtures';
import { ReplayPlayer } from './replay-player';

const T0 = Date.parse('2026-11-23T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function change(seq: number, atMs: number): SituationChange {
  return { kind: 'incident', at: iso(atMs), incident: makeIncident({ id: 'inc-1', seq }) };
}

/** A hub with changes at T0+10 s, +20 s and +90 s; the wall clock at T0 + 1 h. */
function setup(changes = [change(2, T0 + 10_000), change(3, T0 + 20_000), change(4, T0 + 90_000)]) {
  let wall = T0 + 3600_000;
  const asked: [number, number][] = [];
  const applied: number[] = [];
  const resets: Situation[] = [];
  const player = new ReplayPlayer(
    {
      situation: (at) =>
        Promise.resolve({
          at: iso(at),
          lastSeq: 1,
          historySince: iso(T0),
          incidents: [makeIncident({ id: 'inc-1', seq: 1 })],
          devices: [],
        }),
      changes: (from, to) => {
        asked.push([from, to]);
        return Promise.resolve({
          from: iso(from),
          until: iso(to),
          changes: changes.filter((c) => Date.parse(c.at) > from && Date.parse(c.at) <= to),
        });
      },
    },
    {
      reset: (situation) => resets.push(situation),
      apply: (c) => applied.push(c.kind === 'incident' ? c.incident.seq : 0),
      failed: (error) => {
        throw error;
      },
    },
    () => wall,
  );
  return { player, asked, applied, resets, advance: (ms: number) => (wall += ms) };
}

describe('the replay player', () => {
  it('shows the situation at the moment sought, then applies changes as the clock passes them', async () => {
    const { player, applied, resets, advance } = setup();
    await player.seek(T0);
    expect(resets).toHaveLength(1);
    player.setSpeed(10);
    player.play();
    player.tick(); // fetches ahead
    await player.settled();
    advance(1500); // 15 s of replay at 10×
    player.tick();
    expect(player.position).toBe(T0 + 15_000);
    expect(applied).toEqual([2]);
    advance(1000);
    player.tick();
    expect(applied).toEqual([2, 3]);
  });

  it('holds still while paused, and a new seek starts again from the hub', async () => {
    const { player, applied, resets, advance } = setup();
    await player.seek(T0);
    player.tick();
    await player.settled();
    advance(60_000);
    player.tick();
    expect(player.position).toBe(T0);
    expect(applied).toEqual([]);
    await player.seek(T0 + 30_000);
    expect(resets).toHaveLength(2);
    expect(player.position).toBe(T0 + 30_000);
  });

  it('never plays past what it has loaded, nor past now, where it stops', async () => {
    const { player, applied, advance } = setup();
    await player.seek(T0 + 3600_000 - 5_000);
    player.setSpeed(600);
    player.play();
    player.tick();
    await player.settled();
    advance(1000);
    player.tick();
    expect(player.playing).toBe(false);
    expect(player.position).toBeLessThanOrEqual(T0 + 3600_000 + 1000);
    expect(applied).toEqual([]);
  });
});
