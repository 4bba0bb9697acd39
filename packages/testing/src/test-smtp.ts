import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  readonly to: string[];
  readonly raw: string;
  readonly subject: string;
  readonly messageId: string;
}

export interface TestSmtp {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  readonly url: string;
  /** Every message the server accepted, in order. */
  readonly received: ReceivedEmail[];
  /** Resolves when `count` messages have been accepted (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEmail[]>;
  /**
   * From now on, hold each message's DATA without answering until `release()`: the sender is
   * mid-delivery, as when a worker is killed while sending.
   */
  holdNext(): { arrived: Promise<void>; release(): void };
  /**
   * From now on, hold every message's DATA unanswered until `release()`: all senders are
   * mid-delivery at once (several workers killed or not). `held()` counts the messages waiting.
   */
  holdAll(): { held(): number; release(): void };
  close(): Promise<void>;
}

/** A real SMTP server (the smtp-server package) on a free loopback port, keeping what it accepts. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedEmail[] = [];
  let hold: { arrived: () => void; released: Promise<void> } | null = null;
  let holdingAll: { count: number; released: Promise<void> } | null = null;
  const closedSessions = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onClose(session) {
      closedSessions.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const accept = () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, subject: header(raw, 'Subject'), messageId: header(raw, 'Message-ID') });
          callback();
        };
        // A message whose sender vanished before the answer was never accepted.
        const answerOnceReleased = (released: Promise<void>) => void released.then(() => (closedSessions.has(session.id) ? callback(new Error('sender gone')) : accept()));
        if (holdingAll) {
          holdingAll.count += 1;
          return answerOnceReleased(holdingAll.released);
        }
        if (!hold) return accept();
        const current = hold;
        hold = null;
        current.arrived();
        answerOnceReleased(current.released);
      });
    },
  });
  // A sender killed mid-message resets its connection: expected here, not a failure of the server.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} e-mails, received ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
    holdNext() {
      let arrived: () => void = () => undefined;
      let release: () => void = () => undefined;
      const arrivedPromise = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      hold = { arrived, released };
      return { arrived: arrivedPromise, release };
    },
    holdAll() {
      let release: () => void = () => undefined;
      const current = { count: 0, released: new Promise<void>((resolve) => (release = resolve)) };
      holdingAll = current;
      return {
        held: () => current.count,
        release() {
          if (holdingAll === current) holdingAll = null;
          release();
        },
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function header(raw: string, name: string): string {
  const match = new RegExp(`^${name}: (.*)$`, 'im').exec(raw);
  return match?.[1]?.trim() ?? '';
}
