/**
 * Road-sensor-like series (NAB's realTraffic: speed, occupancy or travel time from one sensor,
 * ~2.5k rows over about two weeks): readings on a 5-minute grid with irregular gaps (often one or
 * a few slots missing, now and then hours), rush-hour congestion on weekdays that varies from day
 * to day, long flat plateaus where the sensor repeats its last reading, and dropouts to 0 (the
 * first always early, inside NAB's probationary period). Injected anomalies: an incident
 * (congestion outside rush hour), a lasting shift (roadworks) and, for travel times, a spike.
 */
import { between, gaussian, intBetween, type Random } from '../random-draws';
import { anomalyRows, type InjectedAnomaly, type SyntheticNabSeries } from './synthetic-series';

export const trafficSensors = ['speed', 'occupancy', 'travelTime'] as const;
export type TrafficSensor = (typeof trafficSensors)[number];

const SLOT_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;

/** Slots from one reading to the next: mostly 1, often 2 or 3, sometimes up to 8, rarely hours. */
function nextGap(random: Random): number {
  const r = random();
  if (r < 0.003) return intBetween(random, 12, 144);
  if (r < 0.06) return intBetween(random, 4, 8);
  if (r < 0.16) return 3;
  if (r < 0.35) return 2;
  return 1;
}

/** Congestion in [0, ~1.3] at a time: morning and evening rush hours on weekdays, each day its own. */
function congestionCurve(random: Random) {
  const morning = between(random, 7, 8.5);
  const evening = between(random, 16.5, 18);
  const daily = new Map<number, [number, number]>();
  return (ms: number) => {
    const day = Math.floor(ms / 86_400_000);
    let strength = daily.get(day);
    if (!strength) {
      const weekday = new Date(ms).getUTCDay();
      const base = weekday === 0 || weekday === 6 ? 0.15 : 1;
      strength = [base * between(random, 0.4, 1.3), base * between(random, 0.4, 1.3)];
      daily.set(day, strength);
    }
    const hour = (ms % 86_400_000) / HOUR_MS;
    const bump = (centre: number, width: number) => Math.exp(-0.5 * ((hour - centre) / width) ** 2);
    return strength[0] * bump(morning, 1) + strength[1] * bump(evening, 1.3);
  };
}

/** How a sensor reads a congestion level (and an extra incident congestion on top). */
function sensorReading(sensor: TrafficSensor, random: Random) {
  if (sensor === 'speed') {
    const free = between(random, 55, 75);
    const drop = between(random, 15, 35);
    return {
      decimals: 0,
      read: (c: number) => Math.max(3, Math.round(free - drop * c + 2.5 * gaussian(random))),
    };
  }
  if (sensor === 'occupancy') {
    const base = between(random, 2, 6);
    const peak = between(random, 10, 25);
    return {
      decimals: 2,
      read: (c: number) => Math.max(0, (base + peak * c) * Math.exp(0.15 * gaussian(random))),
    };
  }
  const base = between(random, 150, 500);
  const growth = between(random, 0.8, 2);
  return {
    decimals: 0,
    read: (c: number) => {
      // Travel times have a heavy right tail: now and then one slow vehicle dominates a reading.
      const slow = random() < 0.01 ? between(random, 1.3, 2.2) : 1;
      return Math.round(base * (1 + growth * c) * slow * Math.exp(0.08 * gaussian(random)));
    },
  };
}

/** One road-sensor series with `anomalyCount` labelled anomalies. */
export function syntheticTraffic(
  name: string,
  sensor: TrafficSensor,
  length: number,
  anomalyCount: number,
  random: Random,
): SyntheticNabSeries {
  const ts: number[] = [];
  let t0 = Date.UTC(
    2015,
    8,
    intBetween(random, 1, 10),
    intBetween(random, 0, 23),
    intBetween(random, 0, 11) * 5,
  );
  for (let i = 0; i < length; i++) {
    ts.push(t0);
    t0 += SLOT_MS * nextGap(random);
  }
  const congestion = congestionCurve(random);
  const { decimals, read } = sensorReading(sensor, random);

  const extra = new Float64Array(length);
  const spike = new Float64Array(length).fill(1);
  const anomalies: InjectedAnomaly[] = [];
  for (const index of anomalyRows(length, anomalyCount, random)) {
    const r = random();
    if (r < 0.6) {
      // An incident: heavy congestion for half an hour to three hours of readings.
      const span = intBetween(random, 6, 36);
      const size = between(random, 1.2, 1.8);
      for (let t = index; t < Math.min(length, index + span); t++) extra[t] = (extra[t] as number) + size;
      anomalies.push({ kind: 'incident', index });
    } else if (r < 0.85 || sensor !== 'travelTime') {
      // Roadworks: a lasting slowdown for days.
      const span = intBetween(random, 300, 900);
      const size = between(random, 0.5, 0.8);
      for (let t = index; t < Math.min(length, index + span); t++) extra[t] = (extra[t] as number) + size;
      anomalies.push({ kind: 'roadworks', index });
    } else {
      const span = intBetween(random, 1, 4);
      for (let t = index; t < Math.min(length, index + span); t++) spike[t] = between(random, 4, 7);
      anomalies.push({ kind: 'spike', index });
    }
  }

  const values: number[] = [];
  const firstDropout = intBetween(random, 20, Math.max(20, Math.floor(0.1 * length)));
  let stuck = 0;
  let dropout = 0;
  for (let t = 0; t < length; t++) {
    if (t === firstDropout || random() < 0.002) dropout = intBetween(random, 1, 3);
    if (stuck === 0 && random() < 0.004) stuck = intBetween(random, 10, 150);
    const previous = values[t - 1];
    let v: number;
    if (dropout > 0) {
      dropout--;
      v = 0;
    } else if (stuck > 0 && previous !== undefined && previous !== 0) {
      stuck--;
      v = previous;
    } else {
      v = read(congestion(ts[t] as number) + (extra[t] as number)) * (spike[t] as number);
    }
    values.push(Number(v.toFixed(decimals)));
  }
  return { name, timestamps: ts, values, anomalies, decimals };
}
