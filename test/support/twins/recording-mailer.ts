/** Mailer twin for unit tests: keeps every message; can fail for chosen recipients. */
import type { Mailer, OutgoingEmail, SentEmail } from '../../../shared/ports/mailer';

export class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];

  constructor(private readonly failFor: ReadonlySet<string> = new Set()) {}

  async send(email: OutgoingEmail): Promise<SentEmail> {
    if (this.failFor.has(email.to)) throw new Error(`mailbox unavailable: ${email.to}`);
    this.sent.push(email);
    return { messageId: `msg-${this.sent.length}` };
  }
}
