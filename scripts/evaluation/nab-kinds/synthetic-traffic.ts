/**
 * Road-sensor-like series shaped after NAB's realTraffic files (Minnesota DOT sensors: speed in
 * mph, occupancy in %, travel time in seconds; 1.1k–2.5k rows over two to five weeks). What the
 * public files show, and this generator copies:
 * - readings on a nominal grid (5 minutes; travel time 10) with missing slots, far sparser at
 *   night (gaps of 20 minutes to hours; travel-time sensors hardly report at night at all), now
 *   and then a gap of days (speed_t4013 and occupancy_6005 both skip 4–8 September 2015);
 * - no readings of 0 in the speed files: a sensor that drops out leaves rows out instead; an
 *   occupancy of 0 is a quiet night, and a reading may repeat a few times (travel time 12, 12, 12);
 * - noisy readings: speed ±3 mph at a steady sensor, ±9 at a noisy one (speed_7578, speed_6005);
 *   occupancy varies by about half its level from one reading to the next;
 * - weekday rush hours that differ a lot between sensors and days: occupancy peaks two to three
 *   times its daytime level in the morning; most speed sensors slow only briefly, on some days;
 *   travel times peak in the afternoon at two to ten times the night level, by a different amount each day;
 * - travel times with a heavy right tail (a reading several times the usual now and then).
 * Injected anomalies: an incident (congestion outside rush hour), a lasting shift (roadworks)
 * and, for travel times, a spike.
 */
import { between, gaussian, intBetween, type Random } from '../random-draws';
import { anomalyRows, type InjectedAnomaly, type SyntheticNabSeries } from './synthetic-series';

export const trafficSensors = ['speed', 'occupancy', 'travelTime'] as const;
export type TrafficSensor = (typeof trafficSensors)[number];

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Slots to the next reading at an hour of the day: dense by day, sparse at night; travel-time sensors report sparsely even by day (TravelTime_387: ~20 readings a day). */
function nextGap(random: Random, sensor: TrafficSensor, hour: number): number {
  const r = random();
  const night = hour < 5 || hour >= 22;
  if (sensor === 'travelTime' && (hour < 7 || hour >= 21))
    return r < 0.5 ? intBetween(random, 12, 60) : intBetween(random, 1, 6);
  if (sensor === 'travelTime') {
    if (r < 0.05) return intBetween(random, 12, 36);
    if (r < 0.2) return intBetween(random, 4, 12);
    if (r < 0.5) return intBetween(random, 2, 3);
    return 1;
  }
  if (night) {
    if (r < 0.05) return intBetween(random, 12, 60);
    if (r < 0.35) return intBetween(random, 4, 12);
    if (r < 0.7) return intBetween(random, 2, 3);
    return 1;
  }
  if (r < 0.002) return intBetween(random, 12, 60);
  if (r < 0.05) return intBetween(random, 4, 8);
  if (r < 0.15) return 3;
  if (r < 0.32) return 2;
  return 1;
}

/** Congestion in [0, ~1.5] at a time: weekday rush hours, each day its own strength (most days none for speed). */
function congestionCurve(random: Random, sensor: TrafficSensor) {
  const morning = between(random, 6.5, 8.5);
  const evening = between(random, 16, 18);
  // Occupancy sensors peak in the morning, travel times in the afternoon (the files' directions).
  const weights =
    sensor === 'occupancy'
      ? [1, between(random, 0.2, 0.6)]
      : sensor === 'travelTime'
        ? [between(random, 0.1, 0.4), 1]
        : [1, 1];
  const daily = new Map<number, [number, number]>();
  return (ms: number) => {
    const day = Math.floor(ms / DAY_MS);
    let strength = daily.get(day);
    if (!strength) {
      const weekday = new Date(ms).getUTCDay();
      const base = weekday === 0 || weekday === 6 ? 0.2 : 1;
      const draw = () => {
        // Speed sensors slow down only on some days; the others see every rush hour, some far worse than others.
        if (sensor === 'speed' && random() < 0.6) return 0;
        return (
          base * (sensor === 'travelTime' ? Math.exp(between(random, -1, 1)) : between(random, 0.4, 1.3))
        );
      };
      strength = [(weights[0] as number) * draw(), (weights[1] as number) * draw()];
      daily.set(day, strength);
    }
    const hour = (ms % DAY_MS) / HOUR_MS;
    const bump = (centre: number, width: number) => Math.exp(-0.5 * ((hour - centre) / width) ** 2);
    return strength[0] * bump(morning, 1) + strength[1] * bump(evening, 1.3);
  };
}

/** Daytime activity in [0.2, 1]: low at night, full from mid morning to evening. */
function activity(ms: number): number {
  const hour = (ms % DAY_MS) / HOUR_MS;
  return 0.2 + 0.8 * Math.exp(-0.5 * ((hour - 13.5) / 5) ** 2);
}

/** How a sensor reads the time of day and a congestion level (incident congestion included). */
function sensorReading(sensor: TrafficSensor, random: Random) {
  if (sensor === 'speed') {
    const free = between(random, 58, 85);
    const drop = between(random, 15, 35);
    const noise = between(random, 2.5, 9);
    return {
      decimals: 0,
      read: (c: number) => Math.max(3, Math.round(free - drop * c + noise * gaussian(random))),
    };
  }
  if (sensor === 'occupancy') {
    const day = between(random, 3, 7);
    const peak = between(random, 6, 15);
    const spread = between(random, 0.35, 0.55);
    return {
      decimals: 2,
      read: (c: number, ms: number) =>
        Math.min(100, (day * activity(ms) + peak * c) * Math.exp(spread * gaussian(random))),
    };
  }
  const night = between(random, 60, 150);
  const growth = between(random, 1.5, 4);
  return {
    decimals: 0,
    read: (c: number, ms: number) => {
      // Travel times have a heavy right tail: now and then one slow vehicle dominates a reading.
      const slow = random() < 0.01 ? between(random, 1.3, 3) : 1;
      const level = night * (1 + 0.8 * (activity(ms) - 0.2) + growth * c);
      return Math.round(level * slow * Math.exp(0.12 * gaussian(random)));
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
  const slotMs = (sensor === 'travelTime' ? 10 : 5) * MINUTE_MS;
  const ts: number[] = [];
  let t0 = Date.UTC(2015, 8, intBetween(random, 1, 10), intBetween(random, 0, 23), intBetween(random, 0, 59));
  // Half the sensors skip a few days once (a feed outage), somewhere in their middle half.
  const outageAt =
    random() < 0.5 ? intBetween(random, Math.floor(0.25 * length), Math.floor(0.75 * length)) : -1;
  for (let i = 0; i < length; i++) {
    ts.push(t0);
    const hour = (t0 % DAY_MS) / HOUR_MS;
    // The minute of the grid drifts now and then (a reading a minute or two off its slot).
    const jitter = random() < 0.05 ? intBetween(random, -2, 2) * MINUTE_MS : 0;
    t0 += Math.max(MINUTE_MS, slotMs * nextGap(random, sensor, hour) + jitter);
    if (i === outageAt) t0 += intBetween(random, 2, 4) * DAY_MS;
  }
  const congestion = congestionCurve(random, sensor);
  const { decimals, read } = sensorReading(sensor, random);

  const extra = new Float64Array(length);
  const spike = new Float64Array(length).fill(1);
  const anomalies: InjectedAnomaly[] = [];
  // Durations in time, not rows: a sparse sensor sees an incident in fewer readings.
  const addFor = (index: number, durationMs: number, size: number) => {
    const end = (ts[index] as number) + durationMs;
    for (let t = index; t < length && (ts[t] as number) < end; t++) extra[t] = (extra[t] as number) + size;
  };
  for (const index of anomalyRows(length, anomalyCount, random)) {
    const r = random();
    if (r < 0.6) {
      // An incident: heavy congestion for half an hour to three hours.
      addFor(index, between(random, 0.5, 3) * HOUR_MS, between(random, 1.2, 1.8));
      anomalies.push({ kind: 'incident', index });
    } else if (r < 0.85 || sensor !== 'travelTime') {
      // Roadworks: a lasting slowdown for one and a half to five days.
      addFor(index, between(random, 1.5, 5) * DAY_MS, between(random, 0.5, 0.8));
      anomalies.push({ kind: 'roadworks', index });
    } else {
      const span = intBetween(random, 1, 4);
      for (let t = index; t < Math.min(length, index + span); t++) spike[t] = between(random, 4, 7);
      anomalies.push({ kind: 'spike', index });
    }
  }

  const values: number[] = [];
  let stuck = 0;
  for (let t = 0; t < length; t++) {
    // A reading repeated a few times (the sensor resends its last value).
    if (stuck === 0 && random() < 0.003) stuck = intBetween(random, 2, 8);
    const previous = values[t - 1];
    let v: number;
    if (stuck > 0 && previous !== undefined) {
      stuck--;
      v = previous;
    } else {
      const ms = ts[t] as number;
      v = read(congestion(ms) + (extra[t] as number), ms) * (spike[t] as number);
    }
    values.push(Number(v.toFixed(decimals)));
  }
  return { name, timestamps: ts, values, anomalies, decimals };
}
