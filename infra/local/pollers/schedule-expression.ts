/** Parses EventBridge schedule expressions (`rate(...)`, `cron(...)`, `at(...)`) and computes the next run, in UTC. */

export interface Schedule {
  /** The first run strictly after `after`, or undefined when there is none (a past `at`). */
  nextAfter(after: Date): Date | undefined;
}

const minuteMs = 60_000;
const rateUnits: Record<string, number> = { minute: minuteMs, hour: 60 * minuteMs, day: 24 * 60 * minuteMs };

function rate(body: string, anchor: Date): Schedule {
  const match = /^(\d+)\s+(minute|minutes|hour|hours|day|days)$/.exec(body.trim());
  const unit = match?.[2]?.replace(/s$/, '');
  const count = Number(match?.[1]);
  const unitMs = unit ? rateUnits[unit] : undefined;
  if (!unitMs || !Number.isInteger(count) || count < 1)
    throw new Error(`Invalid rate expression: rate(${body})`);
  // EventBridge requires the singular unit for 1 and the plural otherwise.
  if ((count === 1) !== !match?.[2]?.endsWith('s')) throw new Error(`Invalid rate expression: rate(${body})`);
  const periodMs = count * unitMs;
  return {
    nextAfter: (after) => {
      const periods = Math.floor((after.getTime() - anchor.getTime()) / periodMs) + 1;
      return new Date(anchor.getTime() + Math.max(1, periods) * periodMs);
    },
  };
}

function at(body: string): Schedule {
  const when = new Date(`${body.trim()}Z`);
  if (Number.isNaN(when.getTime())) throw new Error(`Invalid at expression: at(${body})`);
  return { nextAfter: (after) => (when > after ? when : undefined) };
}

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldRange {
  readonly min: number;
  readonly max: number;
  /** Names mapped to min, min+1, ... */
  readonly names?: readonly string[];
}

function parseValue(text: string, range: FieldRange): number {
  const named = range.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? range.min + named : Number(text);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new Error(`Invalid cron value "${text}" (allowed ${range.min}-${range.max})`);
  }
  return value;
}

/** Parses `*`, `?`, lists, ranges and steps into the set of allowed values; undefined means any. */
function parseField(text: string, range: FieldRange): Set<number> | undefined {
  if (text === '*' || text === '?') return undefined;
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [span = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`Invalid cron step in "${item}"`);
    let from: number;
    let to: number;
    if (span === '*') {
      from = range.min;
      to = range.max;
    } else if (span.includes('-')) {
      const [a = '', b = ''] = span.split('-');
      from = parseValue(a, range);
      to = parseValue(b, range);
    } else {
      from = parseValue(span, range);
      to = stepText === undefined ? from : range.max;
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

type DayMatcher = (date: Date) => boolean;

function daysInMonth(date: Date): number {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

function dayOfMonthMatcher(text: string): DayMatcher | undefined {
  if (text === 'L') return (date) => date.getUTCDate() === daysInMonth(date);
  if (/W/.test(text)) throw new Error('cron day-of-month "W" is not supported locally');
  const days = parseField(text, { min: 1, max: 31 });
  return days && ((date) => days.has(date.getUTCDate()));
}

/** EventBridge numbers weekdays 1 (SUN) to 7 (SAT). */
function dayOfWeekMatcher(text: string): DayMatcher | undefined {
  const weekday = (date: Date): number => date.getUTCDay() + 1;
  const range: FieldRange = { min: 1, max: 7, names: dayNames };
  const nth = /^(\w+)#([1-5])$/.exec(text);
  if (nth?.[1] && nth[2]) {
    const day = parseValue(nth[1], range);
    const n = Number(nth[2]);
    return (date) => weekday(date) === day && Math.ceil(date.getUTCDate() / 7) === n;
  }
  const last = /^(\w+)L$/.exec(text);
  if (last?.[1]) {
    const day = parseValue(last[1], range);
    return (date) => weekday(date) === day && date.getUTCDate() + 7 > daysInMonth(date);
  }
  const days = parseField(text, range);
  return days && ((date) => days.has(weekday(date)));
}

function cron(body: string): Schedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6)
    throw new Error(`cron(${body}) needs 6 fields: minutes hours day-of-month month day-of-week year`);
  const [minuteText = '', hourText = '', domText = '', monthText = '', dowText = '', yearText = ''] = fields;
  if ((domText === '?') === (dowText === '?')) {
    throw new Error(`cron(${body}): exactly one of day-of-month and day-of-week must be "?"`);
  }
  const minutes = parseField(minuteText, { min: 0, max: 59 });
  const hours = parseField(hourText, { min: 0, max: 23 });
  const months = parseField(monthText, { min: 1, max: 12, names: monthNames });
  const years = parseField(yearText, { min: 1970, max: 2199 });
  const dayMatches = dayOfMonthMatcher(domText) ?? dayOfWeekMatcher(dowText) ?? (() => true);
  return {
    nextAfter(after) {
      const t = new Date(Math.floor(after.getTime() / minuteMs) * minuteMs + minuteMs);
      // Jump by the coarsest field that does not match; bounded so an impossible date ends.
      for (let steps = 0; steps < 500_000; steps++) {
        if (t.getUTCFullYear() > 2199) return undefined;
        if (years && !years.has(t.getUTCFullYear())) {
          t.setUTCFullYear(t.getUTCFullYear() + 1, 0, 1);
          t.setUTCHours(0, 0, 0, 0);
        } else if (months && !months.has(t.getUTCMonth() + 1)) {
          t.setUTCMonth(t.getUTCMonth() + 1, 1);
          t.setUTCHours(0, 0, 0, 0);
        } else if (!dayMatches(t)) {
          t.setUTCDate(t.getUTCDate() + 1);
          t.setUTCHours(0, 0, 0, 0);
        } else if (hours && !hours.has(t.getUTCHours())) {
          t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
        } else if (minutes && !minutes.has(t.getUTCMinutes())) {
          t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
        } else {
          return t;
        }
      }
      return undefined;
    },
  };
}

/** Parses a schedule expression; `rate` periods count from `anchor` (the poller's start). */
export function parseScheduleExpression(expression: string, anchor = new Date()): Schedule {
  const match = /^(rate|cron|at)\((.*)\)$/.exec(expression.trim());
  if (!match?.[2]) throw new Error(`Unsupported schedule expression: ${expression}`);
  if (match[1] === 'rate') return rate(match[2], anchor);
  if (match[1] === 'cron') return cron(match[2]);
  return at(match[2]);
}
