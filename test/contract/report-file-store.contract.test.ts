/**
 * ReportFileStore contract: the in-memory twin and S3ReportFileStore on s3rver (the real SDK
 * clients, presigned GETs fetched over HTTP) behave alike: a stored file downloads from its link
 * byte for byte, with its content type, as an attachment under its own (header-safe) name.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportFile, ReportFileStore } from '../../shared/ports/report-file-store';
import { reportFileStore } from '../../shared/runtime/report-stores';
import { InMemoryReportFileStore } from '../support/twins/in-memory-report-file-store';
import { type ContractStack, startContractStack } from './contract-stand-ins';

interface Subject {
  readonly store: ReportFileStore;
  /** GETs a download URL as a recipient's browser would. */
  fetch(url: string): Promise<Response>;
}

const csv = (text: string, filename = 'top-pages-1.csv'): ReportFile => ({
  filename,
  contentType: 'text/csv; charset=utf-8',
  content: new TextEncoder().encode(text),
});

function describeContract(name: string, makeSubject: () => Subject): void {
  describe(`ReportFileStore contract: ${name}`, () => {
    /** A key shaped like the runner's, that no other test uses. */
    const newKey = (filename = 'top-pages-1.csv') =>
      `tenant=${randomUUID()}/report=${randomUUID()}/run=${randomUUID()}/${filename}`;

    it('downloads the stored file byte for byte, with its content type, as an attachment under its name', async () => {
      const s = makeSubject();
      const key = newKey();
      const body = `page,views\r\n/pricing,120\r\n/ünïcode,7\r\n${'x'.repeat(300_000)}\r\n`;

      await s.store.put(key, csv(body));
      const response = await s.fetch(await s.store.downloadUrl(key, 300));

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="top-pages-1.csv"');
      expect(new TextDecoder().decode(await response.arrayBuffer())).toBe(body);
    });

    it('names the download with only header-safe characters, keeping the extension', async () => {
      const s = makeSubject();
      const key = newKey();

      await s.store.put(key, csv('a\r\n', 'top "pages"; ünïcode.csv'));
      const disposition = (await s.fetch(await s.store.downloadUrl(key, 300))).headers.get(
        'content-disposition',
      );

      expect(disposition).toMatch(/^attachment; filename="[\w.-]+\.csv"$/);
    });

    it('downloads the latest file put under a key, from a link made before or after', async () => {
      const s = makeSubject();
      const key = newKey();
      await s.store.put(key, csv('first,version\r\n'));
      const earlier = await s.store.downloadUrl(key, 300);

      await s.store.put(key, csv('second\r\n'));

      for (const url of [earlier, await s.store.downloadUrl(key, 300)])
        expect(await (await s.fetch(url)).text()).toBe('second\r\n');
    });

    it('keeps what was stored when the caller later changes the bytes it passed', async () => {
      const s = makeSubject();
      const key = newKey();
      const file = csv('abc');

      await s.store.put(key, file);
      file.content[0] = 'z'.charCodeAt(0);

      expect(await (await s.fetch(await s.store.downloadUrl(key, 300))).text()).toBe('abc');
    });

    it('links a key that holds nothing to a failed download, not to another file', async () => {
      const s = makeSubject();
      const key = newKey();
      await s.store.put(`${key}.part`, csv('a longer key'));

      const response = await s.fetch(await s.store.downloadUrl(key, 300));

      // S3 answers 404 with s3:ListBucket and 403 without (the runner's role has only GetObject).
      expect([403, 404]).toContain(response.status);
    });
  });
}

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['s3']);
});
afterAll(async () => {
  await stack?.stop();
});

describeContract('InMemoryReportFileStore (twin)', () => {
  const twin = new InMemoryReportFileStore();
  return { store: twin, fetch: (url) => twin.fetch(url) };
});

describeContract('S3ReportFileStore on s3rver', () => {
  if (!stack) throw new Error('the stand-ins did not start');
  return { store: reportFileStore(stack.runtime), fetch: (url) => fetch(url) };
});
