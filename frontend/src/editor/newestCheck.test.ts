import { describe, expect, it } from "vitest";
import { NewestCheck } from "./newestCheck";

/** A server whose answers the test releases one by one, in any order. */
function slowServer() {
  const asked: { question: string; answer: (text: string) => void; fail: () => void }[] = [];
  const send = (question: string) =>
    new Promise<string>((resolve, reject) => asked.push({ question, answer: resolve, fail: () => reject(new Error("lost")) }));
  return { asked, send };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("NewestCheck", () => {
  it("sends the first question at once and shows its answer", async () => {
    const server = slowServer();
    const shown: string[] = [];
    const check = new NewestCheck(server.send, (q, a) => shown.push(`${q}:${a}`));
    check.ask("1");
    expect(server.asked.map((a) => a.question)).toEqual(["1"]);
    server.asked[0]!.answer("one");
    await settle();
    expect(shown).toEqual(["1:one"]);
  });

  it("holds what is typed while a check is on its way, then sends only the newest", async () => {
    const server = slowServer();
    const shown: string[] = [];
    const check = new NewestCheck(server.send, (q, a) => shown.push(`${q}:${a}`));
    check.ask("1");
    check.ask("12");
    check.ask("128");
    expect(server.asked.map((a) => a.question)).toEqual(["1"]);
    server.asked[0]!.answer("one");
    await settle();
    // The answer for "1" is stale: "128" is on screen, so it is not shown; "128" goes out next.
    expect(shown).toEqual([]);
    expect(server.asked.map((a) => a.question)).toEqual(["1", "128"]);
    server.asked[1]!.answer("one-two-eight");
    await settle();
    expect(shown).toEqual(["128:one-two-eight"]);
  });

  it("never shows a late answer over a newer one", async () => {
    const server = slowServer();
    const shown: string[] = [];
    const check = new NewestCheck(server.send, (q, a) => shown.push(`${q}:${a}`));
    check.ask("a");
    server.asked[0]!.answer("A");
    await settle();
    check.ask("b");
    check.ask("a"); // undo: the same question again, asked after "b"
    server.asked[1]!.answer("B");
    await settle();
    expect(shown).toEqual(["a:A"]); // "b" is no longer what the page shows
    server.asked[2]!.answer("A again");
    await settle();
    expect(shown).toEqual(["a:A", "a:A again"]);
  });

  it("goes on after a failed send, and sends nothing once closed", async () => {
    const server = slowServer();
    const shown: string[] = [];
    const check = new NewestCheck(server.send, (q, a) => shown.push(`${q}:${a}`));
    check.ask("x");
    check.ask("y");
    server.asked[0]!.fail();
    await settle();
    expect(server.asked.map((a) => a.question)).toEqual(["x", "y"]);
    check.close();
    check.ask("z");
    server.asked[1]!.answer("Y");
    await settle();
    expect(shown).toEqual([]);
    expect(server.asked).toHaveLength(2);
  });
});
