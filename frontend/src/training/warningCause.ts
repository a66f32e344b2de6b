// A warning's cause and advice, for the run page's verdict (verdict.ts). The server sends them
// apart from the message (insight_warnings.py); logs stored before it did have only the words,
// and are read here from those, so an old run's verdict says what it said when it was new. Such
// a warning comes without the fields on the websocket, with them null from GET …/events (parsed
// by the schema there): either way it is read from its words, which say no more than the server
// sends with new ones.
import type { WarningEvent } from "../api/types";

// What the messages said, word for word, before the cause was sent with them.
const RATE_TOO_HIGH = "learning rate is too high";
const DIED_BEFORE = "before this part of the run began";

/** The warning with its cause and fix, read from its words where its log predates them. */
export function withCause(warning: WarningEvent): WarningEvent {
  const { kind, message } = warning;
  const cause = warning.cause ?? (message.includes(RATE_TOO_HIGH) ? "rate_too_high" : kind === "dead_relu" && message.includes(DIED_BEFORE) ? "died_before" : null);
  // Every vanishing warning the server sends now has its fix.
  return { ...warning, cause, fix: warning.fix ?? (kind === "vanishing" ? lastSentence(message) : null) };
}

/** A vanishing warning's advice: its last sentence ("Try ReLU in place of …, add BatchNorm, …"). */
function lastSentence(message: string): string {
  const last = message.lastIndexOf(". ", message.length - 2);
  return last >= 0 ? message.slice(last + 2) : message;
}
