import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import type { Prediction } from "../api/types";
import { sameValues, TYPING_PAUSE_MS, TypedAnswers } from "./typedAnswers";

const answerFor = (values: number[]) => ({ values, elapsed_ms: 1 }) as unknown as Prediction;

/** A server whose answers the test releases one by one; what was shown, in order. */
function setUp(start: number[] | null = [1, 2]) {
  const asked: { values: number[]; answer: () => void; refuse: (e: unknown) => void }[] = [];
  const send = (values: number[]) =>
    new Promise<Prediction>((resolve, reject) => asked.push({ values, answer: () => resolve(answerFor(values)), refuse: reject }));
  const shown: string[] = [];
  const answers = new TypedAnswers(
    send,
    {
      onAnswer: (values) => shown.push(`answer ${values.join(",")}`),
      onBusy: (ms) => shown.push(`busy ${ms}`),
      onRefused: (values) => shown.push(`refused ${values.join(",")}`),
    },
    start,
  );
  return { asked, shown, answers, sent: () => asked.map((a) => a.values.join(",")) };
}

describe("TypedAnswers", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("asks once typing pauses, once for a number typed key by key", async () => {
    const { answers, sent, asked, shown } = setUp();
    for (const typed of [1, 13, 13.5]) {
      answers.typed([typed, 2]);
      await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS - 100); // the next key comes before the pause ends
    }
    expect(sent()).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(sent()).toEqual(["13.5,2"]);
    asked[0]!.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual(["answer 13.5,2"]);
  });

  it("asks nothing while a field is not a number, nor for the values already answered", async () => {
    const { answers, sent, asked } = setUp();
    answers.askNow([1, 2]);
    asked[0]!.answer();
    await vi.advanceTimersByTimeAsync(0);
    answers.typed(null);
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS * 2);
    answers.typed([1, 2]); // typed back to the values answered
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS * 2);
    expect(sent()).toEqual(["1,2"]);
  });

  it("keeps one question on its way, and drops an answer for values typed over since", async () => {
    const { answers, sent, asked, shown } = setUp();
    answers.typed([5, 2]);
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS);
    answers.typed([6, 2]);
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS);
    answers.typed([7, 2]);
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS);
    expect(sent()).toEqual(["5,2"]); // 6 and 7 wait for it: only the newest goes next
    asked[0]!.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent()).toEqual(["5,2", "7,2"]);
    answers.typed([8, 2]); // typed while 7 is on its way: its answer is not these values'
    asked[1]!.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual([]);
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS);
    asked[2]!.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual(["answer 8,2"]);
  });

  it("asks at once when Predict is pressed, and the pending pause is not asked again", async () => {
    const { answers, sent } = setUp();
    answers.typed([3, 2]);
    answers.askNow([3, 2]);
    expect(sent()).toEqual(["3,2"]);
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS * 2);
    expect(sent()).toEqual(["3,2"]);
  });

  it("asks a busy server again after its Retry-After, or at the next change", async () => {
    const { answers, sent, asked, shown } = setUp();
    answers.askNow([3, 2]);
    asked[0]!.refuse(new ApiError("busy", 503, [], "3"));
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual(["busy 3000"]);
    await vi.advanceTimersByTimeAsync(2999);
    expect(sent()).toEqual(["3,2"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent()).toEqual(["3,2", "3,2"]);
    asked[1]!.refuse(new ApiError("slow down", 429, [], null));
    await vi.advanceTimersByTimeAsync(0);
    answers.typed([4, 2]); // a change before the retry: the new values are asked, the old not again
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS + 5000);
    expect(sent()).toEqual(["3,2", "3,2", "4,2"]);
  });

  it("says a refusal for good, and asks the same values again when typed after it", async () => {
    const { answers, sent, asked, shown } = setUp();
    answers.askNow([1e308, 2]);
    asked[0]!.refuse(new ApiError("overflowed", 422));
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual(["refused 1e+308,2"]);
    answers.askNow([1, 2]);
    asked[1]!.answer();
    await vi.advanceTimersByTimeAsync(0);
    answers.typed([1e308, 2]);
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS);
    expect(sent()).toEqual(["1e+308,2", "1,2", "1e+308,2"]);
  });

  it("shows nothing once closed", async () => {
    const { answers, sent, asked, shown } = setUp();
    answers.askNow([1, 2]);
    answers.typed([2, 2]);
    answers.close();
    asked[0]!.answer();
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS);
    expect(shown).toEqual([]);
    expect(sent()).toEqual(["1,2"]);
  });
});

describe("sameValues", () => {
  it("is the same numbers, and never a missing list", () => {
    expect(sameValues([1, 2], [1, 2])).toBe(true);
    expect(sameValues([1, 2], [1, 3])).toBe(false);
    expect(sameValues([1], [1, 2])).toBe(false);
    expect(sameValues(null, null)).toBe(false);
  });
});
