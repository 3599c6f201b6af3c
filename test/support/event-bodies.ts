/** Builds ingest request bodies for the `events` dataset in every supported format. */
import { definedProps } from '../../shared/domain/defined-props';

export interface SampleEvent {
  readonly eventId?: string;
  readonly name?: string | undefined;
  readonly timestamp?: string;
  readonly userId?: string;
  readonly properties?: { readonly plan: string; readonly seats: number };
}

export type BodyFormat = 'json' | 'ndjson' | 'csv' | 'xml';

export const contentTypes: Record<BodyFormat, string> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
  xml: 'application/xml',
};

const plans = ['free', 'pro', 'team'];

/** A valid event; `seq` makes it unique and deterministic. */
export function sampleEvent(seq: number, withId = true): SampleEvent {
  return {
    ...definedProps({ eventId: withId ? `evt-${seq}` : undefined }),
    name: ['page_view', 'signup', 'purchase'][seq % 3] as string,
    timestamp: new Date(Date.UTC(2026, 10, 25, 8, 0, 0) + seq * 1000).toISOString(),
    userId: `user-${seq % 97}`,
    properties: { plan: plans[seq % 3] as string, seats: (seq % 9) + 1 },
  };
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function encodeEvents(events: readonly SampleEvent[], format: BodyFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(events);
    case 'ndjson':
      return events.map((e) => JSON.stringify(e)).join('\n');
    case 'csv': {
      const header = 'eventId,name,timestamp,userId,properties.plan,properties.seats';
      const rows = events.map((e) =>
        [
          e.eventId ?? '',
          e.name ?? '',
          e.timestamp ?? '',
          e.userId ?? '',
          e.properties?.plan ?? '',
          String(e.properties?.seats ?? ''),
        ]
          .map(csvCell)
          .join(','),
      );
      return [header, ...rows].join('\n');
    }
    case 'xml': {
      const element = (name: string, value: string | undefined) =>
        value === undefined ? '' : `<${name}>${xmlEscape(value)}</${name}>`;
      const items = events.map(
        (e) =>
          `<event>${element('eventId', e.eventId)}${element('name', e.name)}${element('timestamp', e.timestamp)}${element('userId', e.userId)}${
            e.properties
              ? `<properties><plan>${e.properties.plan}</plan><seats>${e.properties.seats}</seats></properties>`
              : ''
          }</event>`,
      );
      return `<?xml version="1.0" encoding="UTF-8"?><events>${items.join('')}</events>`;
    }
  }
}
