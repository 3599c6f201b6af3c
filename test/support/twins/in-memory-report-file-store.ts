/**
 * In-memory twin of the ReportFileStore port. Its download URLs point nowhere on the network:
 * the twin's own `fetch` answers them as S3 answers a presigned GET (the bytes, the content type,
 * the file's name as an attachment; 404 for a key it does not hold).
 */
import { attachmentDisposition } from '../../../shared/domain/reports/download-report-file';
import type { ReportFile, ReportFileStore } from '../../../shared/ports/report-file-store';

const origin = 'https://report-files.twin.invalid';

export class InMemoryReportFileStore implements ReportFileStore {
  readonly files = new Map<string, ReportFile>();

  async put(key: string, file: ReportFile): Promise<void> {
    // A copy, as S3 keeps what was sent whatever the caller does with its array later.
    this.files.set(key, { ...file, content: new Uint8Array(file.content) });
  }

  async downloadUrl(key: string, expiresInSeconds: number): Promise<string> {
    const url = new URL(`/${encodeURIComponent(key)}`, origin);
    url.searchParams.set('expires', String(expiresInSeconds));
    return url.toString();
  }

  /** A GET of one of this twin's download URLs. */
  async fetch(url: string): Promise<Response> {
    const parsed = new URL(url);
    const file =
      parsed.origin === origin ? this.files.get(decodeURIComponent(parsed.pathname.slice(1))) : undefined;
    if (!file) return new Response('NoSuchKey', { status: 404 });
    return new Response(new Uint8Array(file.content), {
      status: 200,
      headers: {
        'content-type': file.contentType,
        'content-disposition': attachmentDisposition(file.filename),
      },
    });
  }
}
