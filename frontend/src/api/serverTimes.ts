// A time the server writes in a message ("You deleted run … on 2026-12-06 06:40 UTC", a refusal's
// words, a websocket's close reason): it knows no reader's time zone, so the page writes it again in
// theirs, as editor/when.ts writes the app's other times ("6 Dec, 07:40"; the year if another).

const SERVER_TIME = /\b(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) UTC\b/g;

const two = (n: number) => String(n).padStart(2, "0");

/** The text with each of the server's UTC times written in the reader's time zone. */
export function localTimes(text: string, now: Date = new Date()): string {
  return text.replace(SERVER_TIME, (_, year: string, month: string, day: string, hours: string, minutes: string) => {
    const at = new Date(Date.UTC(+year, +month - 1, +day, +hours, +minutes));
    const sameYear = at.getFullYear() === now.getFullYear();
    const date = at.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: sameYear ? undefined : "numeric" });
    return `${date}, ${two(at.getHours())}:${two(at.getMinutes())}`;
  });
}
