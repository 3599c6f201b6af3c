import { describe, expect, it } from 'vitest';
import { csvAttachment } from '../../../../shared/domain/notifications/csv-attachment';

const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

describe('csvAttachment', () => {
  it('quotes what needs quoting, with CRLF rows and a BOM', () => {
    const file = csvAttachment(
      'top-pages.csv',
      ['page', 'views', 'note'],
      [
        ['/pricing', 1200, 'said "hi", twice'],
        ['/café', null, 'line\nbreak'],
      ],
    );

    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(text(file.content)).toBe(
      '\uFEFFpage,views,note\r\n/pricing,1200,"said ""hi"", twice"\r\n/café,,"line\nbreak"\r\n',
    );
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const file = csvAttachment(
      'x.csv',
      ['a'],
      [['=HYPERLINK("http://evil")'], ['+1'], ['@SUM(A1)'], ['-2'], ['ok']],
    );

    const lines = text(file.content).slice(1).split('\r\n');
    expect(lines.slice(1, 6)).toEqual(['"\'=HYPERLINK(""http://evil"")"', "'+1", "'@SUM(A1)", "'-2", 'ok']);
  });

  it('keeps negative numbers as numbers: only text is defused', () => {
    const file = csvAttachment('x.csv', ['delta'], [[-2.5]]);

    expect(text(file.content)).toBe('\uFEFFdelta\r\n-2.5\r\n');
  });
});
