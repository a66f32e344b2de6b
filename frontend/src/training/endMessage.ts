// A run's end message as its page writes it. The server writes step counts bare ("Stopped at step
// 3348."), where the page writes its own grouped, 3,348: the live region said one and the banner
// under it the other.
import { formatCount } from "../editor/format";

/** The server's end message with the count after each "step" grouped ("at step 3,348"). Only
 * there: a message's other numbers (a shape's 3348, a port) are no counts to group. */
export function endMessage(message: string): string {
  return message.replace(/\bstep (\d{4,})\b/g, (_, count: string) => `step ${formatCount(Number(count))}`);
}
