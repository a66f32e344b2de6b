// A run's websocket, framework-free: replays its history in batches (`batch=1`), then follows it
// live, reconnecting with after=<last seq> until the run's end event. A socket that goes quiet
// past the server's heartbeats (`heartbeat=1`), or a browser that goes offline, counts as lost
// touch at once: a dropped network leaves the socket open for minutes, saying nothing. A page can open it before it
// renders (`openEarly`) so that the first points are not held up by the page's own loading.
import { runEventsUrl, type EventsUrl } from "../api/client";
import type { HeartbeatMessage } from "../api/types";
import { applyEvent, emptyTally, type RunEvent, type RunTally } from "./events";
import { localTimes } from "../api/serverTimes";

export type Connection = "connecting" | "open" | "reconnecting" | "closed";

const MAX_BACKOFF_MS = 4000;
const RUN_NOT_FOUND = 4404;
/**
 * A message this long is part of a history being replayed: the server sends what waits in
 * messages of up to 32 KiB (MESSAGE_BYTES in backend api/routes/runs/events.py), and a live run's
 * frames come a few at a time, far below this. A replay's first messages are smaller (a slow
 * start: 4, 8, 16 KiB), so the page draws after each of them: its first points at once.
 */
const BACKLOG_MESSAGE = 16 * 1024;
/**
 * The server sends a heartbeat after 5 s with nothing else to send (backend api/heartbeat.py):
 * this long with nothing at all is a connection that stalled, not a quiet run.
 */
export const SILENT_MS = 12_000;
const SILENCE_CHECK_MS = 1000;
/** Said beside "reconnecting…" while the browser says it has no network. */
export const OFFLINE_REASON = "This browser is offline.";

/**
 * Why the server refused the stream for good, or null for a drop worth retrying. The server closes
 * with a 4xxx code and the reason (4404: no such run of yours; 4422: a bad query), which retrying
 * would only repeat.
 */
export function refusal(code: number, reason: string, runId: string): string | null {
  if (code < 4000 || code > 4999) return null;
  if (reason) return localTimes(reason); // a deleted run's says when, in UTC
  return code === RUN_NOT_FOUND ? `Run ${runId} not found.` : `The server refused run ${runId}'s events.`;
}

/** Folds one websocket message, a single event or a batch of them, into the tally; false for a
 * heartbeat, which says only that the server is there. */
export function applyMessage(tally: RunTally, data: string): boolean {
  const parsed = JSON.parse(data) as RunEvent | RunEvent[] | HeartbeatMessage;
  if (Array.isArray(parsed)) for (const event of parsed) applyEvent(tally, event);
  else if (parsed.type === "heartbeat") return false;
  else applyEvent(tally, parsed);
  return true;
}

export class RunStream {
  readonly tally: RunTally = emptyTally();
  connection: Connection = "connecting";
  /** Set when the stream cannot go on: the server refused it, saying why. */
  problem: string | null = null;
  /** When it was refused (ms since the epoch): what the page shows is as of then. */
  refusedAt: number | null = null;
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
  private silenceTimer = 0;
  private stopped = true;
  /** When the socket last said anything, heartbeats included (ms since the epoch). */
  private heardAt = 0;
  /** Gives up on the socket now, and tries again after the last event seen; set by each connect. */
  private dropNow: (lostAt: number) => void = () => {};
  /** Tries again at once, where a retry waits. */
  private retryNow: () => void = () => {};

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
    const retry = (before: number, reason: string | null, lostAt: number) => {
      failures = this.tally.lastSeq > before ? 0 : failures + 1;
      this.dropReason = reason ?? (navigator.onLine ? null : OFFLINE_REASON);
      this.set("reconnecting", lostAt);
      this.retryTimer = window.setTimeout(connect, Math.min(MAX_BACKOFF_MS, 250 * 2 ** failures));
    };
    const connect = () => {
      this.set(this.tally.lastSeq === from && failures === 0 ? "connecting" : "reconnecting");
      const before = this.tally.lastSeq;
      const socket = (this.socket = new WebSocket(this.url(this.runId, this.tally.lastSeq, true, true)));
      this.heardAt = Date.now();
      socket.onopen = () => {
        if (this.socket !== socket) return;
        this.heardAt = Date.now();
        this.set("open");
      };
      socket.onmessage = (message) => {
        // One given up on may still deliver what it held: its replacement replays from lastSeq.
        if (this.socket !== socket) return;
        this.heardAt = Date.now();
        const data = String(message.data);
        if (!applyMessage(this.tally, data)) return; // a heartbeat: nothing to draw
        this.catchingUp = data.length >= BACKLOG_MESSAGE;
        this.dropReason = null;
        this.onChange();
      };
      socket.onclose = (close) => {
        if (this.socket !== socket) return; // stopped, given up on, or replaced by a newer start
        this.socket = null;
        if (this.stopped || ended()) return this.finish("closed");
        const refused = refusal(close.code, close.reason, this.runId);
        if (refused !== null) {
          this.problem = refused;
          this.refusedAt = Date.now();
          return this.finish("closed");
        }
        retry(before, close.reason || null, Date.now());
      };
      this.dropNow = (lostAt) => {
        if (this.socket !== socket) return;
        this.socket = null;
        socket.close();
        retry(before, null, lostAt);
      };
    };
    this.retryNow = () => {
      if (this.stopped || this.socket !== null) return;
      window.clearTimeout(this.retryTimer);
      failures = 0;
      connect();
    };
    connect();
    this.silenceTimer = window.setInterval(() => {
      if (Date.now() - this.heardAt > SILENT_MS) this.dropNow(this.heardAt);
    }, SILENCE_CHECK_MS);
    window.addEventListener("offline", this.wentOffline);
    window.addEventListener("online", this.cameOnline);
  }

  stop(): void {
    this.stopped = true;
    const socket = this.socket;
    this.socket = null;
    this.unwatch();
    socket?.close();
  }

  /** The browser lost its network: the socket may stay open for minutes, holding what comes. */
  private readonly wentOffline = () => this.dropNow(Date.now());
  /** Back online: no need to wait out the retry's backoff. */
  private readonly cameOnline = () => this.retryNow();

  private finish(connection: Connection): void {
    this.unwatch();
    this.set(connection);
  }

  private unwatch(): void {
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.silenceTimer);
    window.removeEventListener("offline", this.wentOffline);
    window.removeEventListener("online", this.cameOnline);
  }

  /** Whether it still listens (it stops by itself after the run's end). */
  get listening(): boolean {
    return !this.stopped && this.connection !== "closed";
  }

  /** `lostAt`: when touch was lost, for a drop (a stalled socket's is when it last said anything). */
  private set(connection: Connection, lostAt = Date.now()): void {
    this.connection = connection;
    // The first drop dates what the page shows; the retries after it keep that time.
    if (connection !== "reconnecting") this.lostAt = null;
    else this.lostAt ??= lostAt;
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
