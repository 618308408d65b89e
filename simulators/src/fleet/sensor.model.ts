import type { Metric } from '@ioc/shared';
import { Random } from '../random';
import type { Site } from './da-lat-sites';

/**
 * Plausible Da Lat readings for normal operation. Every value stays well below the hub's
 * default thresholds (DEFAULT_THRESHOLD_RULES) so a running fleet does not open false
 * incidents; scenarios, not the fleet, are what cross them. sensor.model.spec.ts checks
 * that over a simulated day.
 */
export type Readings = Partial<Record<Metric, number>>;

const HOUR = 3_600_000;
/** Da Lat is UTC+7 with no daylight saving: the diurnal curves run on local time. */
const DA_LAT_UTC_OFFSET_H = 7;
const SHOWER_BLOCK_MS = 3 * HOUR;
/** Hard caps, a margin below the thresholds (rainfall 50, water level 200, tilt 5, pm25 150). */
const MAX_RAINFALL = 30;
const MAX_PM25 = 110;

export function localHour(ms: number): number {
  return (((ms / HOUR + DA_LAT_UTC_OFFSET_H) % 24) + 24) % 24;
}

/** Circular distance between two hours of the day. */
function hourDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 24;
  return Math.min(d, 24 - d);
}

const round = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

const clamp = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, value));

/**
 * City-wide showers as a pure function of time and seed, so every rain gauge of the fleet
 * sees the same shower (each site a little more or less of it) whatever order devices are
 * read in. Each 3-hour block may hold one shower, likelier in the afternoon, as in the
 * Central Highlands' rainy season.
 */
export class RainModel {
  /** Showers of recent blocks: every sensor asks about the same few, thousands of times. */
  private readonly showers = new Map<number, Shower | null>();

  constructor(private readonly seed: number) {}

  rainfallAt(ms: number, siteKey: string): number {
    const block = Math.floor(ms / SHOWER_BLOCK_MS);
    // A shower may spill over from the previous block.
    const mmPerH = Math.max(
      this.intensity(block, ms, siteKey),
      this.intensity(block - 1, ms, siteKey),
    );
    return mmPerH < 0.1 ? 0 : round(Math.min(MAX_RAINFALL, mmPerH), 1);
  }

  private intensity(block: number, ms: number, siteKey: string): number {
    const shower = this.shower(block);
    if (!shower || ms < shower.start || ms > shower.start + shower.duration) return 0;
    let factor = shower.siteFactors.get(siteKey);
    if (factor === undefined) {
      factor = Random.derive(this.seed, `shower:${block}:${siteKey}`).range(0.4, 1.2);
      shower.siteFactors.set(siteKey, factor);
    }
    return shower.peak * factor * Math.sin((Math.PI * (ms - shower.start)) / shower.duration);
  }

  private shower(block: number): Shower | null {
    const cached = this.showers.get(block);
    if (cached !== undefined) return cached;
    const rng = Random.derive(this.seed, `shower:${block}`);
    const blockStart = block * SHOWER_BLOCK_MS;
    const hour = localHour(blockStart);
    const probability = hour >= 12 && hour < 18 ? 0.5 : 0.15;
    const shower: Shower | null = rng.chance(probability)
      ? {
          start: blockStart + rng.range(0, 2 * HOUR),
          duration: rng.range(20, 100) * 60_000,
          peak: rng.range(3, 25),
          siteFactors: new Map(),
        }
      : null;
    // Bounded: sensors read near "now", so only the latest blocks are ever asked again.
    if (this.showers.size >= 16) this.showers.delete(this.showers.keys().next().value as number);
    this.showers.set(block, shower);
    return shower;
  }
}

interface Shower {
  start: number;
  duration: number;
  /** mm/h at the middle of the shower, before the site factor. */
  peak: number;
  siteFactors: Map<string, number>;
}

export interface SensorIdentity {
  id: string;
  site: Site;
  metrics: readonly Metric[];
}

/** One sensor's readings over time; it keeps a little state (how wet its catchment is). */
export class SensorModel {
  private readonly rng: Random;
  private readonly tempOffset: number;
  private readonly pmFactor: number;
  private readonly pm10Ratio: number;
  private readonly waterBaseCm: number;
  private readonly waterPhase: number;
  private readonly tiltBase: number;
  private wetCm = 0;
  private lastMs: number | null = null;

  constructor(
    private readonly sensor: SensorIdentity,
    seed: number,
    private readonly rain: RainModel,
  ) {
    const traits = Random.derive(seed, `traits:${sensor.id}`);
    this.tempOffset = traits.range(-0.8, 0.8);
    this.pmFactor = traits.range(0.7, 1.2);
    this.pm10Ratio = traits.range(1.4, 1.9);
    this.waterBaseCm = traits.range(82, 110);
    this.waterPhase = traits.range(0, 2 * Math.PI);
    this.tiltBase = traits.range(0.12, 0.3);
    this.rng = Random.derive(seed, `noise:${sensor.id}`);
  }

  read(ms: number): Readings {
    const hour = localHour(ms);
    const rainfall = this.rain.rainfallAt(ms, this.sensor.site.key);
    this.soak(ms, rainfall);
    // One particle level per reading, so that pm10 follows pm25.
    const needsPm = this.sensor.metrics.includes('pm25') || this.sensor.metrics.includes('pm10');
    const pm25 = needsPm ? this.pm25(hour, rainfall) : 0;
    const out: Readings = {};
    for (const metric of this.sensor.metrics) {
      out[metric] = this.metric(metric, { ms, hour, rainfall, pm25 });
    }
    return out;
  }

  private metric(
    metric: Metric,
    now: { ms: number; hour: number; rainfall: number; pm25: number },
  ): number {
    const { ms, hour, rainfall } = now;
    // Warmest at 14 h, coolest at 2 h: 14–26 °C in town, a lapse rate of 6.5 °C/km elsewhere.
    const diurnal = Math.sin((2 * Math.PI * (hour - 8)) / 24);
    switch (metric) {
      case 'temperature': {
        const lapse = ((this.sensor.site.elevationM - 1500) / 1000) * 6.5;
        return round(20 + 6 * diurnal - lapse + this.tempOffset + this.rng.gaussian(0, 0.25), 1);
      }
      case 'humidity':
        return round(
          clamp(78 - 14 * diurnal + (rainfall > 0 ? 10 : 0) + this.rng.gaussian(0, 1.5), 58, 97),
          1,
        );
      case 'pm25':
        return round(now.pm25, 1);
      case 'pm10':
        return round(clamp(now.pm25 * this.pm10Ratio + this.rng.gaussian(0, 1), 5, 200), 1);
      case 'water_level': {
        const tide = 5 * Math.sin((2 * Math.PI * ms) / (24 * HOUR) + this.waterPhase);
        return round(this.waterBaseCm + tide + this.wetCm + this.rng.gaussian(0, 0.3), 1);
      }
      case 'rainfall':
        return rainfall === 0
          ? 0
          : round(clamp(rainfall * (1 + this.rng.gaussian(0, 0.05)), 0.1, MAX_RAINFALL), 1);
      case 'tilt': {
        const thermal = 0.02 * Math.sin((2 * Math.PI * (hour - 14)) / 24);
        return round(clamp(this.tiltBase + thermal + this.rng.gaussian(0, 0.01), 0, 1), 2);
      }
      case 'noise':
        return round(clamp(45 + 12 * trafficPeaks(hour) + this.rng.gaussian(0, 2), 30, 80), 1);
    }
  }

  /** Traffic peaks at 7 h and 17 h; rain washes particles out. */
  private pm25(hour: number, rainfall: number): number {
    const base = 16 + 25 * trafficPeaks(hour);
    const washed = rainfall > 0 ? 0.7 : 1;
    return clamp(base * this.pmFactor * washed * (1 + this.rng.gaussian(0, 0.08)), 3, MAX_PM25);
  }

  /** Rain raises the water level, which then drains with a 6-hour time constant. */
  private soak(ms: number, rainfall: number): void {
    const dtH = this.lastMs === null ? 0 : clamp((ms - this.lastMs) / HOUR, 0, 1);
    this.lastMs = ms;
    this.wetCm = this.wetCm * Math.exp(-dtH / 6) + rainfall * dtH * 0.8;
  }
}

/** 0..1 around the 7 h and 17 h rush hours. */
function trafficPeaks(hour: number): number {
  const peak = (centre: number): number =>
    Math.exp(-(hourDistance(hour, centre) ** 2) / (2 * 1.3 ** 2));
  return Math.max(peak(7), peak(17));
}
