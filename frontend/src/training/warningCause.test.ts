import { describe, expect, it } from "vitest";
import type { WarningEvent } from "../api/types";
import { withCause } from "./warningCause";

// As logs stored before the server sent a warning's cause and fix hold them: the words alone.
const old = (kind: WarningEvent["kind"], message: string) => ({ type: "warning", seq: 3, step: 40, kind, layer: "fc1", message }) as WarningEvent;

describe("withCause", () => {
  it("keeps what the server said", () => {
    const sent = { ...old("vanishing", "Gradients in `fc1` have all but vanished: it barely learns. Add BatchNorm, or raise the rate."), cause: null, fix: "Add BatchNorm, or raise the rate." } as WarningEvent;
    expect(withCause(sent)).toEqual(sent);
    const dead = { ...old("dead_relu", "ReLU `act1` is mostly dead. Lower the learning rate, or use LeakyReLU."), cause: null, fix: null } as WarningEvent;
    expect(withCause(dead)).toEqual(dead);
  });

  it("reads an older log's cause and advice from its words", () => {
    const exploded = old("vanishing", "Gradients in `fc1` have vanished (norm 1e-9) after exploding: it barely learns. The learning rate is too high: lower it (a tenth, say) and train again.");
    expect(withCause(exploded)).toMatchObject({ cause: "rate_too_high", fix: "The learning rate is too high: lower it (a tenth, say) and train again." });
    const sigmoids = old("vanishing", "Gradients in `fc1` have all but vanished: `fc1` itself barely learns. Try ReLU in place of Sigmoid `act1`, add BatchNorm, or raise the learning rate.");
    expect(withCause(sigmoids)).toMatchObject({ cause: null, fix: "Try ReLU in place of Sigmoid `act1`, add BatchNorm, or raise the learning rate." });
    const dead = old("dead_relu", "ReLU `act1` is mostly dead: 100% of its units gave 0. They died before this part of the run began, and no rate brings them back: train a new run.");
    expect(withCause(dead)).toMatchObject({ cause: "died_before", fix: null });
    expect(withCause(old("dead_relu", "ReLU `act1` is mostly dead. Lower the learning rate, or use LeakyReLU."))).toMatchObject({ cause: null, fix: null });
  });

  it("reads them from the words too where GET …/events gives the old log's fields as null", () => {
    const read = { ...old("vanishing", "Gradients in `fc1` have vanished after exploding: it barely learns. The learning rate is too high: lower it (a tenth, say) and train again."), cause: null, fix: null } as WarningEvent;
    expect(withCause(read)).toMatchObject({ cause: "rate_too_high", fix: "The learning rate is too high: lower it (a tenth, say) and train again." });
  });
});
