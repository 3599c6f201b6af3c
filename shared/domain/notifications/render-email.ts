/**
 * Renders an EmailDocument to the two parts every Nexus email sends: HTML built with MJML
 * (table layout, CSS inlined, 600 px wide, stacking on phones) and a plain-text part with the
 * same content, for clients and people who read text.
 */
import mjml2html from 'mjml';
import {
  type EmailBlock,
  type EmailDocument,
  type Fact,
  formatChange,
  formatNumber,
  type KpiTile,
  kpiChange,
  type TableCell,
} from './email-document';

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** Width of the email body; charts and tables fit inside it with the side padding. */
export const emailWidthPx = 600;
/** Widest content inside the body (the body less 20 px padding each side). */
export const emailContentWidthPx = 560;

const palette = {
  page: '#f2f4f7',
  headerBg: '#1f3a5f',
  headerMuted: '#c9d6e8',
  text: '#1f2933',
  muted: '#616e7c',
  rule: '#e4e7eb',
  good: '#1e7b34',
  bad: '#c62828',
  link: '#2f6fb3',
  states: { firing: '#c62828', resolved: '#1e7b34', ok: '#1e7b34', test: '#616e7c' },
} as const;

const fontStack = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Links in emails go to web pages only: a `javascript:` or `data:` URL never reaches a reader. */
function safeHref(href: string): string {
  const url = new URL(href);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new RangeError(`Email links must be http(s): ${url.protocol}`);
  return escapeHtml(url.toString());
}

function cellText(cell: TableCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return formatNumber(cell);
  return String(cell);
}

function kpiColumn(tile: KpiTile): string {
  const change = kpiChange(tile);
  const changeColor =
    change?.favourable === true ? palette.good : change?.favourable === false ? palette.bad : palette.muted;
  const changeLine = change
    ? `<mj-text padding="0 12px 12px" font-size="12px" color="${changeColor}">${escapeHtml(formatChange(change))} vs previous period</mj-text>`
    : '';
  return `<mj-column border="1px solid ${palette.rule}" padding="0 6px" vertical-align="top">
  <mj-text padding="12px 12px 2px" font-size="12px" color="${palette.muted}">${escapeHtml(tile.label)}</mj-text>
  <mj-text padding="0 12px 4px" font-size="24px" line-height="30px" font-weight="bold">${escapeHtml(formatNumber(tile.value, tile.unit))}</mj-text>
  ${changeLine}
</mj-column>`;
}

function factsTable(facts: readonly Fact[]): string {
  const rows = facts
    .map(
      (f) =>
        `<tr><td style="padding:4px 12px 4px 0;color:${palette.muted};width:34%;vertical-align:top">${escapeHtml(f.label)}</td>` +
        `<td style="padding:4px 0;word-break:break-word;vertical-align:top">${escapeHtml(f.value)}</td></tr>`,
    )
    .join('');
  return `<mj-table padding="4px 20px" font-size="14px" line-height="20px" color="${palette.text}" table-layout="fixed">${rows}</mj-table>`;
}

function dataTable(block: Extract<EmailBlock, { type: 'table' }>): string {
  const numeric = block.columns.map((_, i) =>
    block.rows.every((r) => r[i] === null || typeof r[i] === 'number'),
  );
  const align = (i: number) => (numeric[i] ? 'right' : 'left');
  const cellStyle = `padding:5px 6px;border-bottom:1px solid ${palette.rule};word-break:break-word;vertical-align:top`;
  const head = block.columns
    .map(
      (c, i) =>
        `<th style="${cellStyle};text-align:${align(i)};color:${palette.muted};font-weight:600">${escapeHtml(c)}</th>`,
    )
    .join('');
  const body = block.rows
    .map(
      (row) =>
        `<tr>${block.columns.map((_, i) => `<td style="${cellStyle};text-align:${align(i)}">${escapeHtml(cellText(row[i] ?? null))}</td>`).join('')}</tr>`,
    )
    .join('');
  const caption = block.caption
    ? `<mj-text padding="12px 20px 0" font-weight="bold">${escapeHtml(block.caption)}</mj-text>`
    : '';
  const total = block.totalRows ?? block.rows.length;
  const more =
    total > block.rows.length
      ? `<mj-text padding="4px 20px 8px" font-size="12px" color="${palette.muted}">Showing ${formatNumber(block.rows.length)} of ${formatNumber(total)} rows.${block.more ? ` ${escapeHtml(block.more)}` : ''}</mj-text>`
      : '';
  return `${caption}<mj-table padding="4px 20px" font-size="13px" line-height="18px" color="${palette.text}" table-layout="fixed"><tr>${head}</tr>${body}</mj-table>${more}`;
}

/** Sections of one or more columns; a block's mj-* elements are wrapped in one full-width column. */
function blockMjml(block: EmailBlock): string {
  const inColumn = (inner: string) =>
    `<mj-section background-color="#ffffff" padding="4px 0"><mj-column>${inner}</mj-column></mj-section>`;
  switch (block.type) {
    case 'status': {
      const color = palette.states[block.state];
      return inColumn(
        `<mj-text padding="16px 20px 4px"><span style="display:inline-block;background:${color};color:#ffffff;border-radius:3px;padding:2px 8px;font-size:12px;font-weight:bold;letter-spacing:0.5px">${escapeHtml(block.state.toUpperCase())}</span>&nbsp; ${escapeHtml(block.text)}</mj-text>`,
      );
    }
    case 'heading':
      return inColumn(
        `<mj-text padding="14px 20px 2px" font-size="18px" line-height="24px" font-weight="bold">${escapeHtml(block.text)}</mj-text>`,
      );
    case 'paragraph':
      return inColumn(`<mj-text padding="6px 20px">${escapeHtml(block.text)}</mj-text>`);
    case 'facts':
      return inColumn(factsTable(block.facts));
    case 'kpis': {
      const rows: KpiTile[][] = [];
      for (let i = 0; i < block.tiles.length; i += 3) rows.push(block.tiles.slice(i, i + 3));
      return rows
        .map(
          (tiles) =>
            `<mj-section background-color="#ffffff" padding="8px 14px">${tiles.map(kpiColumn).join('')}</mj-section>`,
        )
        .join('');
    }
    case 'chart': {
      const width = Math.min(block.width, emailContentWidthPx);
      const caption = block.caption
        ? `<mj-text padding="0 20px 8px" font-size="12px" color="${palette.muted}">${escapeHtml(block.caption)}</mj-text>`
        : '';
      return inColumn(
        `<mj-image src="cid:${escapeHtml(block.contentId)}" alt="${escapeHtml(block.alt)}" width="${width}px" padding="8px 20px" />${caption}`,
      );
    }
    case 'table':
      return inColumn(dataTable(block));
    case 'button':
      return inColumn(
        `<mj-button href="${safeHref(block.href)}" background-color="${palette.link}" color="#ffffff" font-size="14px" font-weight="bold" border-radius="4px" align="left" padding="12px 20px 16px">${escapeHtml(block.text)}</mj-button>`,
      );
  }
}

function documentMjml(doc: EmailDocument): string {
  const footerLinks = doc.unsubscribeUrl
    ? ` <a href="${safeHref(doc.unsubscribeUrl)}" style="color:${palette.muted}">Unsubscribe</a>`
    : '';
  return `<mjml lang="en">
<mj-head>
  <mj-title>${escapeHtml(doc.subject)}</mj-title>
  <mj-preview>${escapeHtml(doc.preheader)}</mj-preview>
  <mj-attributes>
    <mj-all font-family="${fontStack}" />
    <mj-text font-size="14px" line-height="21px" color="${palette.text}" />
  </mj-attributes>
</mj-head>
<mj-body width="${emailWidthPx}px" background-color="${palette.page}">
  <mj-section background-color="${palette.headerBg}" padding="18px 0 14px">
    <mj-column>
      <mj-text padding="0 20px" font-size="13px" color="${palette.headerMuted}" font-weight="bold">${escapeHtml(doc.header.tenantName)}</mj-text>
      <mj-text padding="2px 20px" font-size="20px" line-height="26px" color="#ffffff" font-weight="bold">${escapeHtml(doc.header.title)}</mj-text>
      <mj-text padding="2px 20px 0" font-size="12px" color="${palette.headerMuted}">Times in ${escapeHtml(doc.header.timeZone)}</mj-text>
    </mj-column>
  </mj-section>
  ${doc.blocks.map(blockMjml).join('\n  ')}
  <mj-section background-color="#ffffff" padding="0 0 12px"><mj-column><mj-divider border-width="1px" border-color="${palette.rule}" padding="8px 20px" /></mj-column></mj-section>
  <mj-section padding="8px 0 24px">
    <mj-column>
      <mj-text padding="0 20px" font-size="12px" line-height="18px" color="${palette.muted}">${escapeHtml(doc.reason)}${footerLinks}</mj-text>
    </mj-column>
  </mj-section>
</mj-body>
</mjml>`;
}

function blockText(block: EmailBlock): string {
  switch (block.type) {
    case 'status':
      return `[${block.state.toUpperCase()}] ${block.text}`;
    case 'heading':
      return `${block.text}\n${'='.repeat(Math.min(block.text.length, 60))}`;
    case 'paragraph':
      return block.text;
    case 'facts': {
      const width = Math.max(...block.facts.map((f) => f.label.length));
      return block.facts.map((f) => `${`${f.label}:`.padEnd(width + 2)}${f.value}`).join('\n');
    }
    case 'kpis':
      return block.tiles
        .map((t) => {
          const change = kpiChange(t);
          return `${t.label}: ${formatNumber(t.value, t.unit)}${change ? ` (${formatChange(change)} vs previous period)` : ''}`;
        })
        .join('\n');
    case 'chart':
      return `[Chart] ${block.alt}`;
    case 'table': {
      const lines = [block.columns.join(' | '), ...block.rows.map((r) => r.map(cellText).join(' | '))];
      const total = block.totalRows ?? block.rows.length;
      if (block.caption) lines.unshift(block.caption);
      if (total > block.rows.length)
        lines.push(`Showing ${block.rows.length} of ${total} rows.${block.more ? ` ${block.more}` : ''}`);
      return lines.join('\n');
    }
    case 'button':
      return `${block.text}: ${new URL(block.href).toString()}`;
  }
}

function documentText(doc: EmailDocument): string {
  const parts = [
    `${doc.header.tenantName} · ${doc.header.title}`,
    `Times in ${doc.header.timeZone}`,
    ...doc.blocks.map(blockText),
    '--',
    doc.reason,
    ...(doc.unsubscribeUrl ? [`Unsubscribe: ${doc.unsubscribeUrl}`] : []),
  ];
  return `${parts.join('\n\n')}\n`;
}

/** HTML and text parts of `doc`; throws when MJML finds the markup invalid (a bug, not input). */
export async function renderEmail(doc: EmailDocument): Promise<RenderedEmail> {
  const result = await mjml2html(documentMjml(doc), { validationLevel: 'strict', keepComments: false });
  return { subject: doc.subject, html: result.html, text: documentText(doc) };
}
