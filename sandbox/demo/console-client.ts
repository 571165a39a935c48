import type { MailboxEntry } from '../mailbox';
import { JourneyError, waitUntil } from './waiting';

interface Protection {
  readonly attemptsInWindow: number;
  readonly lockouts: number;
  readonly lockedUntil?: number;
  readonly locked: boolean;
  readonly resetRequired: boolean;
}

interface Execution {
  readonly name: string;
  readonly status: string;
  readonly username?: string;
  readonly outcome?: string;
}

interface Metrics {
  readonly totals: readonly { readonly namespace: string; readonly metricName: string; readonly dimensions: Readonly<Record<string, string>>; readonly value: number }[];
  readonly alarms: readonly { readonly name: string; readonly state: string; readonly threshold: number; readonly value?: number }[];
}

/** The sandbox console's JSON API, as the demo reads it: the same requests the page makes. */
export class ConsoleClient {
  constructor(private readonly endpoint: string) {}

  mailbox(): Promise<MailboxEntry[]> {
    return this.call('GET', '/api/mailbox');
  }

  account(username: string): Promise<{ user: { protection: Protection }; record?: { confirmedAt?: number }; audit: { outcome: string }[] }> {
    return this.call('GET', `/api/users/${encodeURIComponent(username)}`);
  }

  audit(): Promise<{ outcome: string; at: number; username?: string; operator?: string }[]> {
    return this.call('GET', '/api/audit');
  }

  workflows(): Promise<Execution[]> {
    return this.call('GET', '/api/workflows');
  }

  metrics(): Promise<Metrics> {
    return this.call('GET', '/api/metrics');
  }

  unlock(username: string): Promise<{ outcome: string }> {
    return this.call('POST', `/api/users/${encodeURIComponent(username)}/unlock`);
  }

  async captchaToken(): Promise<string> {
    return (await this.call<{ token: string }>('POST', '/api/captcha-token')).token;
  }

  /** How many codes were sent to this address (or number) so far: by the pool itself, or in a message a custom sender sent. */
  async codesFor(address: string): Promise<number> {
    return (await this.mailbox()).filter((entry) => carriesCodeFor(entry, address)).length;
  }

  /** The newest code sent to this address once there are more than `seen` of them. */
  async waitForCode(address: string, seen: number, timeoutMs = 10_000): Promise<string> {
    let code: string | undefined;
    await waitUntil(
      timeoutMs,
      async () => {
        const codes = (await this.mailbox()).filter((entry) => carriesCodeFor(entry, address));
        code = codes.length > seen ? codes[0]?.code : undefined;
        return code !== undefined;
      },
      `no new code for ${address} in the mailbox`,
    );
    return code as string;
  }

  async waitForMail(address: string, timeoutMs = 10_000): Promise<MailboxEntry> {
    let mail: MailboxEntry | undefined;
    await waitUntil(
      timeoutMs,
      async () => {
        // A mail that carries a code is the pool's message (sent by a custom sender), not a mail of Gatehouse's own.
        mail = (await this.mailbox()).find((entry) => entry.kind === 'mail' && entry.code === undefined && entry.to.includes(address));
        return mail !== undefined;
      },
      `no mail for ${address}`,
    );
    return mail as MailboxEntry;
  }

  /** Gatehouse's own mails to this address (a welcome, an alert), newest first: those that carry no code. */
  async ownMailsTo(address: string): Promise<MailboxEntry[]> {
    return (await this.mailbox()).filter((entry) => entry.kind === 'mail' && entry.code === undefined && entry.to.split(', ').includes(address));
  }

  /** The newest message to this address (or number) that carries a code, as the mailbox shows it. */
  async latestWithCode(address: string): Promise<MailboxEntry | undefined> {
    return (await this.mailbox()).find((entry) => carriesCodeFor(entry, address));
  }

  /** The first message that carried a code to this address (a sign-up's, before any reminder). */
  async firstWithCode(address: string): Promise<MailboxEntry | undefined> {
    return (await this.mailbox()).filter((entry) => carriesCodeFor(entry, address)).at(-1);
  }

  private async call<T>(method: string, path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.endpoint}${path}`, { method, headers: { 'x-gatehouse-console': '1' } });
    } catch {
      throw new JourneyError(`the sandbox console at ${this.endpoint} does not answer: is the sandbox still running?`);
    }
    const body = (await response.json()) as T & { message?: string };
    if (!response.ok) throw new JourneyError(`the console refused ${method} ${path}: ${body.message ?? response.status}`);
    return body;
  }
}

function carriesCodeFor(entry: MailboxEntry, address: string): boolean {
  return entry.code !== undefined && entry.kind !== 'undelivered' && entry.to.split(', ').includes(address);
}
