import { describe, expect, it } from "vitest";
import { lrOnSwitch } from "./lrOnSwitch";

const adam = { name: "Adam", default_lr: 0.001 };
const sgd = { name: "SGD", default_lr: 0.05 };

describe("the learning rate on a new optimizer", () => {
  it("takes the new optimizer's usual rate where the old one's was kept, and says so", () => {
    expect(lrOnSwitch(0.001, adam, sgd)).toEqual({ lr: 0.05, text: "Learning rate set to 0.05, where SGD usually starts." });
  });

  it("keeps a rate the person typed, and says what the new optimizer usually starts at", () => {
    expect(lrOnSwitch(3, adam, sgd)).toEqual({ lr: 3, text: "Your learning rate 3 is kept; SGD usually starts at 0.05." });
    expect(lrOnSwitch(0.3, sgd, adam)).toEqual({ lr: 0.3, text: "Your learning rate 0.3 is kept; Adam usually starts at 0.001." });
  });

  it("says nothing where the typed rate is already the new one's, or nothing changed", () => {
    expect(lrOnSwitch(0.05, adam, sgd)).toEqual({ lr: 0.05, text: null });
    expect(lrOnSwitch(3, sgd, sgd)).toEqual({ lr: 3, text: null });
    expect(lrOnSwitch(3, adam, undefined)).toEqual({ lr: 3, text: null });
  });

  it("takes the new one's rate from an optimizer it does not know (a saved setting from before)", () => {
    expect(lrOnSwitch(0.2, undefined, sgd).lr).toBe(0.05);
  });
});
