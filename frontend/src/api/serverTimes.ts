// The time in a deleted run's message ("You deleted run … on 2026-12-06 06:40 UTC: …", a 410's
// words or a websocket's close reason): the server knows no reader's time zone, so the page writes
// it again in theirs, as editor/when.ts writes the app's other times ("6 Dec, 07:40"; the year if
// another). Only there: another message may quote a person's own data, which must read as it is.

const SERVER_TIME = /^(You deleted run \S+ on )(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) UTC:/;

const two = (n: number) => String(n).padStart(2, "0");

/** The text with a deleted run's UTC time written in the reader's time zone; any other as it is. */
export function localTimes(text: string, now: Date = new Date()): string {
  return text.replace(SERVER_TIME, (_, lead: string, year: string, month: string, day: string, hours: string, minutes: string) => {
    const at = new Date(Date.UTC(+year, +month - 1, +day, +hours, +minutes));
    const sameYear = at.getFullYear() === now.getFullYear();
    const date = at.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: sameYear ? undefined : "numeric" });
    return `${lead}${date}, ${two(at.getHours())}:${two(at.getMinutes())}:`;
  });
}
