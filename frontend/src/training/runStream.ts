// A run's websocket, framework-free: replays its history in batches (`batch=1`), then follows it
// live, reconnecting with after=<last seq> until the run's end event. A page can open it before it
// renders (`openEarly`) so that the first points are not held up by the page's own loading.
import { runEventsUrl, type EventsUrl } from "../api/client";
import { applyEvent, emptyTally, type RunEvent, type RunTally } from "./events";

export type Connection = "connecting" | "open" | "reconnecting" | "closed";

const MAX_BACKOFF_MS = 4000;
const RUN_NOT_FOUND = 4404;
/**
 * A message this long is part of a history being replayed: the server sends what waits in
 * messages of up to 512 KiB, and a live run's frames come a few at a time, far below this.
 */
const BACKLOG_MESSAGE = 256 * 1024;

/**
 * Why the server refused the stream for good, or null for a drop worth retrying. The server closes
 * with a 4xxx code and the reason (4404: no such run of yours; 4422: a bad query), which retrying
 * would only repeat.
 */
export function refusal(code: number, reason: string, runId: string): string | null {
  if (code < 4000 || code > 4999) return null;
  if (reason) return reason;
  return code === RUN_NOT_FOUND ? `Run ${runId} not found.` : `The server refused run ${runId}'s events.`;
}

/** Folds one websocket message, a single event or a batch of them, into the tally. */
export function applyMessage(tally: RunTally, data: string): void {
  const parsed = JSON.parse(data) as RunEvent | RunEvent[];
  if (Array.isArray(parsed)) for (const event of parsed) applyEvent(tally, event);
  else applyEvent(tally, parsed);
}

export class RunStream {
  readonly tally: RunTally = emptyTally();
  connection: Connection = "connecting";
  /** Set when the stream cannot go on: the server refused it, saying why. */
  problem: string | null = null;
  /** Why the server closed the last socket, while it retries (1013: too many run pages open). */
  dropReason: string | null = null;
  /** When the live connection was lost (ms since the epoch), while it retries; null while in touch. */
  lostAt: number | null = null;
  /** Whether the last message was a big part of a replayed history, with more likely right behind. */
  catchingUp = false;
  /** Called after each change (new events, the connection, a problem). */
  onChange: () => void = () => {};
  private socket: WebSocket | null = null;
  private retryTimer = 0;
  private stopped = true;

  /** `runId` is the key `url` reads the stream by: the run's id, or a share link's token. */
  constructor(
    readonly runId: string,
    private readonly url: EventsUrl = runEventsUrl,
  ) {}

  /** Listens from the last event seen until the next `end` (a continued run's comes after its old one). */
  start(): void {
    this.stop();
    this.stopped = false;
    const from = this.tally.lastSeq;
    let failures = 0;
    // Only the server's own `end` stops us; a clean close without one is a drop like any other.
    const ended = () => this.tally.end !== null && this.tally.end.seq > from;
    const connect = () => {
      this.set(this.tally.lastSeq === from && failures === 0 ? "connecting" : "reconnecting");
      const before = this.tally.lastSeq;
      const socket = (this.socket = new WebSocket(this.url(this.runId, this.tally.lastSeq, true)));
      socket.onopen = () => this.set("open");
      socket.onmessage = (message) => {
        const data = String(message.data);
        this.catchingUp = data.length >= BACKLOG_MESSAGE;
        this.dropReason = null;
        applyMessage(this.tally, data);
        this.onChange();
      };
      socket.onclose = (close) => {
        if (this.socket !== socket) return; // stopped, or replaced by a newer start
        this.socket = null;
        if (this.stopped || ended()) return this.set("closed");
        const refused = refusal(close.code, close.reason, this.runId);
        if (refused !== null) {
          this.problem = refused;
          return this.set("closed");
        }
        failures = this.tally.lastSeq > before ? 0 : failures + 1;
        this.dropReason = close.reason || null;
        this.set("reconnecting");
        this.retryTimer = window.setTimeout(connect, Math.min(MAX_BACKOFF_MS, 250 * 2 ** failures));
      };
    };
    connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }

  /** Whether it still listens (it stops by itself after the run's end). */
  get listening(): boolean {
    return !this.stopped && this.connection !== "closed";
  }

  private set(connection: Connection): void {
    this.connection = connection;
    // The first drop dates what the page shows; the retries after it keep that time.
    if (connection !== "reconnecting") this.lostAt = null;
    else this.lostAt ??= Date.now();
    this.onChange();
  }
}

const early = new Map<string, RunStream>();

/** Starts listening to a run before its page is ready for it; `takeEarly` hands the stream over. */
export function openEarly(runId: string): void {
  if (early.has(runId)) return;
  const stream = new RunStream(runId);
  early.set(runId, stream);
  stream.start();
}

/** The stream `openEarly` started for this run, to read from while it is not yet taken. */
export function peekEarly(runId: string): RunStream | null {
  return early.get(runId) ?? null;
}

/** The stream `openEarly` started for this run, now the caller's to stop; null when there is none. */
export function takeEarly(runId: string): RunStream | null {
  const stream = early.get(runId) ?? null;
  early.delete(runId);
  return stream;
}

/** Stops an early stream that no page took (the page went away first). */
export function dropEarly(runId: string): void {
  takeEarly(runId)?.stop();
}
