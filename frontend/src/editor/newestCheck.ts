// Checks of a changing design, one at a time, the newest first: a change made while a check is on
// its way waits for it, then only the newest of the changes made meanwhile is sent; an answer
// is shown only for the newest design asked about, so a late answer never overwrites a newer one.

export class NewestCheck<Q, A> {
  private newest: Q | null = null; // the last thing asked about
  private waiting = false; // `newest` is not sent yet
  private busy = false; // a check is on its way
  private closed = false;

  constructor(
    private readonly send: (question: Q) => Promise<A>,
    private readonly show: (question: Q, answer: A) => void,
  ) {}

  /** Asks about `question`: at once when no check is on its way, else once the one on its way is answered. */
  ask(question: Q): void {
    this.newest = question;
    this.waiting = true;
    if (!this.busy) this.sendNewest();
  }

  /** Nothing more is sent or shown (the page that showed it is gone). */
  close(): void {
    this.closed = true;
  }

  private sendNewest(): void {
    if (this.closed || !this.waiting || this.newest === null) return;
    const question = this.newest;
    this.waiting = false;
    this.busy = true;
    this.send(question).then(
      (answer) => this.answered(question, answer),
      // `send` turns its failures into answers; one that slips through must not stop the checks.
      () => this.answered(question, null),
    );
  }

  private answered(question: Q, answer: A | null): void {
    this.busy = false;
    if (this.closed) return;
    if (answer !== null && question === this.newest) this.show(question, answer);
    this.sendNewest();
  }
}
