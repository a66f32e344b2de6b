import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Design } from "../api/types";
import { designLink, readDesignLink, type LinkedSettings } from "./designLink";

const design: Design = {
  version: 1,
  name: "skip net",
  input_shape: [1, 8, 8],
  layers: [
    { id: "flat1", type: "Flatten" },
    { id: "fc1", type: "Linear", params: { out_features: 64 } },
    { id: "fc2", type: "Linear", params: { out_features: 64, bias: false } },
    { id: "add1", type: "Add" },
  ],
  edges: [["input", "flat1"], ["flat1", "fc1"], ["fc1", "fc2"], ["fc1", "add1"], ["fc2", "add1"]],
};

/** A fragment holding these bytes deflated, as a link would. */
async function fragmentOf(text: string): Promise<string> {
  const packed = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(packed).arrayBuffer());
  const base64 = btoa(String.fromCharCode(...bytes));
  return "#design=" + base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// designLink reads the page's address; Node has no page, so give it one.
beforeEach(() => vi.stubGlobal("window", { location: { href: "http://127.0.0.1:8000/editor?x=1#design=old" } }));
afterEach(() => vi.unstubAllGlobals());

describe("design links", () => {
  it("carry a design, its dataset and the run to start from, and nothing else of the old fragment", async () => {
    const link = await designLink(design, "digits", "run-7");
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:8000\/editor\?x=1#design=[A-Za-z0-9_-]+$/);
    expect(await readDesignLink(new URL(link).hash)).toEqual({ design, dataset: "digits", initFrom: "run-7", training: null, datasetTitle: null, basedOn: null });
  });

  it("leave out the run when there is none", async () => {
    const link = await designLink({ ...design, edges: undefined }, "mnist");
    const { edges: _, ...stack } = design;
    expect(await readDesignLink(new URL(link).hash)).toEqual({ design: stack, dataset: "mnist", initFrom: null, training: null, datasetTitle: null, basedOn: null });
  });

  it("carry the dataset's title, which names an upload another browser does not have", async () => {
    const link = await designLink(design, "upload-3f2a", null, null, "flowers.csv");
    expect((await readDesignLink(new URL(link).hash))?.datasetTitle).toBe("flowers.csv");
  });

  it("carry the run the design was opened from, only as a run's id", async () => {
    const link = await designLink(design, "digits", null, null, null, "0123456789abcdef");
    expect((await readDesignLink(new URL(link).hash))?.basedOn).toBe("0123456789abcdef");
    expect((await readDesignLink(await fragmentOf(JSON.stringify({ design, based_on: "../x" }))))?.basedOn).toBeNull();
  });

  it("carry a run's settings to train with, and only settings", async () => {
    const training = { loss: "NLLLoss", optimizer: "SGD", lr: 0.05, epochs: 7, batch_size: 16, seed: 3, scheduler: null };
    const run = { ...training, dataset: "moons", init_from: "run-1", name: "not a setting" };
    const link = await designLink(design, "moons", null, run as unknown as LinkedSettings);
    expect((await readDesignLink(new URL(link).hash))?.training).toEqual(training);
    expect((await readDesignLink(await fragmentOf(JSON.stringify({ design, training: [1, 2] }))))?.training).toBeNull();
    const odd = { lr: {}, epochs: "7", seed: 2, scheduler: 5, loss_params: [1] };
    expect((await readDesignLink(await fragmentOf(JSON.stringify({ design, training: odd }))))?.training).toEqual({ seed: 2 });
  });

  it("carry the speed options, each only as its own kind", async () => {
    const speed: LinkedSettings = { precision: "bf16", channels_last: true, compile_model: false, cudnn_benchmark: true };
    const link = await designLink(design, "digits", null, speed);
    expect((await readDesignLink(new URL(link).hash))?.training).toEqual(speed);
    const wrong = { precision: 16, channels_last: "yes", seed: 1 };
    expect((await readDesignLink(await fragmentOf(JSON.stringify({ design, training: wrong }))))?.training).toEqual({ seed: 1 });
  });

  it("read as nothing when the fragment holds no design", async () => {
    expect(await readDesignLink("")).toBeNull();
    expect(await readDesignLink("#train")).toBeNull();
  });

  it("say a damaged link is damaged", async () => {
    const hash = new URL(await designLink(design, "digits")).hash;
    const damaged = "This link's design is damaged (it could not be unpacked): copy the whole link again.";
    await expect(readDesignLink(hash.slice(0, hash.length / 2))).rejects.toThrow(damaged);
    await expect(readDesignLink(hash + "!!")).rejects.toThrow(damaged);
  });

  it("say what is wrong with a link that unpacks to something else", async () => {
    await expect(readDesignLink(await fragmentOf("not json"))).rejects.toThrow(
      "This link's design is not valid JSON: copy the whole link again.",
    );
    await expect(readDesignLink(await fragmentOf('{"dataset": "digits"}'))).rejects.toThrow(
      "The linked design does not hold a design: expected a JSON object.",
    );
    const v2 = JSON.stringify({ dataset: "digits", design: { ...design, version: 2 } });
    await expect(readDesignLink(await fragmentOf(v2))).rejects.toThrow("The linked design is a design of version 2, and this TorchCanvas reads version 1");
    const none = JSON.stringify({ dataset: "digits", design: { ...design, version: undefined } });
    await expect(readDesignLink(await fragmentOf(none))).rejects.toThrow('The linked design has no "version"');
  });
});
