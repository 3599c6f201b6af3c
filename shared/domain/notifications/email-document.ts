/**
 * The content model of every Nexus email (alerts and reports): a header naming the tenant and
 * time zone, a list of blocks, a footer. Rendering to HTML and text is render-email.ts's job.
 */

export interface EmailHeader {
  readonly tenantName: string;
  /** The email's own title under the tenant name (`Alert firing`, `Weekly KPIs`). */
  readonly title: string;
  /** IANA zone every time in the email is shown in. */
  readonly timeZone: string;
}

export interface KpiTile {
  readonly label: string;
  readonly value: number | null;
  /** The same measure over the previous period, for the change shown under the value. */
  readonly previous?: number | null;
  /** e.g. `ms`, `%`, `€`: shown after the value. */
  readonly unit?: string;
  /**
   * Whether a rise is good news (green) or bad news (red, e.g. error rates).
   * @default true
   */
  readonly higherIsBetter?: boolean;
}

/** One labelled value in a two-column list (the facts of an alert). */
export interface Fact {
  readonly label: string;
  readonly value: string;
}

export type TableCell = string | number | boolean | null;

export type EmailBlock =
  | { readonly type: 'status'; readonly state: 'firing' | 'resolved' | 'ok' | 'test'; readonly text: string }
  | { readonly type: 'heading'; readonly text: string }
  | { readonly type: 'paragraph'; readonly text: string }
  | { readonly type: 'kpis'; readonly tiles: readonly KpiTile[] }
  | { readonly type: 'facts'; readonly facts: readonly Fact[] }
  | {
      readonly type: 'chart';
      /** Content id of the inline PNG attachment (without `cid:`). */
      readonly contentId: string;
      readonly alt: string;
      /** Display width in CSS pixels (at most 560 inside the 600 px body). */
      readonly width: number;
      readonly height: number;
      readonly caption?: string;
    }
  | {
      readonly type: 'table';
      readonly columns: readonly string[];
      readonly rows: readonly (readonly TableCell[])[];
      readonly caption?: string;
      /** All rows of the result when `rows` is only the first of them. */
      readonly totalRows?: number;
      /** Said under a truncated table (`The full result is attached as CSV.`). */
      readonly more?: string;
    }
  | { readonly type: 'button'; readonly text: string; readonly href: string };

export interface EmailDocument {
  readonly subject: string;
  /** The preview line mail clients show after the subject. */
  readonly preheader: string;
  readonly header: EmailHeader;
  readonly blocks: readonly EmailBlock[];
  /** Why the recipient gets this email; said in the footer. */
  readonly reason: string;
  /** One-click unsubscribe page, shown as a link in the footer when present. */
  readonly unsubscribeUrl?: string;
}

export interface KpiChange {
  /** Relative change in percent; null when there is no previous value or it was 0. */
  readonly percent: number | null;
  readonly direction: 'up' | 'down' | 'flat';
  /** Whether the change is good news given `higherIsBetter`. */
  readonly favourable: boolean | null;
}

/** The change of a KPI against its previous period. */
export function kpiChange(tile: KpiTile): KpiChange | null {
  if (tile.previous === undefined || tile.previous === null || tile.value === null) return null;
  const delta = tile.value - tile.previous;
  const direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const percent = tile.previous === 0 ? null : (delta / Math.abs(tile.previous)) * 100;
  const favourable = direction === 'flat' ? null : (direction === 'up') === (tile.higherIsBetter ?? true);
  return { percent, direction, favourable };
}

/** A number as people read it in an email: grouped, with few decimals. */
export function formatNumber(value: number | null, unit?: string): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 1 ? 2 : 4;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

/** `+12.5%`, `−3.0%`, or `new` when the previous value was 0. */
export function formatChange(change: KpiChange): string {
  if (change.percent === null) return change.direction === 'flat' ? '±0%' : 'new';
  const sign = change.percent > 0 ? '+' : change.percent < 0 ? '−' : '±';
  return `${sign}${Math.abs(change.percent).toFixed(1)}%`;
}

/** `2 Dec 2026, 10:50` in the given zone. */
export function formatTime(epochMs: number, timeZone: string): string {
  return new Date(epochMs).toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
}
