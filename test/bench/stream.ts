import { topics, type EventType } from '@ioc/shared';

/**
 * The benchmark's event stream. Events go round-robin over `lanes`: one camera per lane,
 * every lane far enough from the others (0.01°, about 1.1 km, against a 300 m radius) that
 * each lane is exactly one incident. Event g of a run goes to lane g % lanes and is that
 * lane's (g / lanes + 1)-th event of the run, so an incident push carrying eventCount n
 * says which events have been stored and announced: that is how latency is measured per
 * event although the hub coalesces pushes per write batch.
 */
export const BENCH_EVENT_TYPE: EventType = 'traffic.congestion';

/** Lanes of one block sit on a 100-column grid; blocks are 10° apart. */
const COLUMNS = 100;
const SPACING_DEG = 0.01;

export interface LaneLayout {
  /** Separates runs that must not share incidents (one block per hub run). */
  block: number;
  lanes: number;
}

export function laneDevice(block: number, lane: number): string {
  return `bench-b${block}-l${lane}`;
}

const LANE_DEVICE = /^bench-b(\d+)-l(\d+)$/;

export function parseLaneDevice(deviceId: string): { block: number; lane: number } | null {
  const match = LANE_DEVICE.exec(deviceId);
  return match ? { block: Number(match[1]), lane: Number(match[2]) } : null;
}

export function laneLocation(block: number, lane: number): { lat: number; lon: number } {
  const latBase = -60 + (block % 12) * 10;
  const lonBase = -170 + Math.floor(block / 12) * 10;
  return {
    lat: Number((latBase + Math.floor(lane / COLUMNS) * SPACING_DEG).toFixed(5)),
    lon: Number((lonBase + (lane % COLUMNS) * SPACING_DEG).toFixed(5)),
  };
}

export const MAX_LANES = COLUMNS * 900;

/**
 * Topics and the constant parts of each lane's payload, built once so the publisher spends
 * its time publishing rather than serializing.
 */
export class LaneStream {
  readonly topics: string[];
  private readonly heads: string[];
  private readonly tails: string[];

  constructor(
    readonly layout: LaneLayout,
    topicRoot: string,
    readonly idPrefix: string,
  ) {
    this.topics = [];
    this.heads = [];
    this.tails = [];
    for (let lane = 0; lane < layout.lanes; lane++) {
      const device = laneDevice(layout.block, lane);
      const { lat, lon } = laneLocation(layout.block, lane);
      this.topics.push(topics.events(device, topicRoot));
      this.heads.push(`{"id":"${idPrefix}-`);
      this.tails.push(
        `","type":"${BENCH_EVENT_TYPE}","confidence":0.8,"location":{"lat":${lat},"lon":${lon}},"attributes":{"lane":${lane},"bearingDeg":${lane % 360}}}`,
      );
    }
  }

  lane(g: number): number {
    return g % this.layout.lanes;
  }

  /**
   * Event g as the camera would publish it; `isoTime` is its ts (the publish time). Ids are
   * zero-padded like a camera's counter (`cam-3-000187`), so each device's ids ascend.
   */
  payload(g: number, isoTime: string): string {
    const lane = g % this.layout.lanes;
    return `${this.heads[lane]}${String(g).padStart(9, '0')}","ts":"${isoTime}${this.tails[lane]}`;
  }
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
