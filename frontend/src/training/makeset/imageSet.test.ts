import { describe, expect, it } from "vitest";
import { imageSetProblem, zipName, zipSizeProblem, type UploadLimits } from "./imageSet";

const LIMITS: UploadLimits = {
  max_file_bytes: 200 * 2 ** 20,
  max_files: 20_000,
  max_classes: 1000,
  max_total_pixels: 200_000_000,
  max_file_name_chars: 200,
  max_class_name_chars: 200,
  hidden_characters: "\\x00-\\x1f\\u200b\\u202a-\\u202e", // a few of the server's (the backend tests that JavaScript reads its whole list as Python does)
};
const two = [
  { name: "Class 1", count: 3 },
  { name: "Class 2", count: 4 },
];
const problem = (name: string, classes = two, size = 32, limits = LIMITS) => imageSetProblem(name, classes, size, limits);

describe("imageSetProblem", () => {
  it("lets a named dataset of two classes with pictures through", () => {
    expect(problem("hands")).toBeNull();
    expect(problem("Hände ü")).toBeNull();
  });

  it("wants a name that stays whole as the ZIP's file name", () => {
    expect(problem("  ")).toBe("Name the dataset.");
    expect(problem("a/b")).toBe("The dataset's name `a/b` holds a / or \\: leave them out.");
    expect(problem("a\\b")).toBe("The dataset's name `a\\b` holds a / or \\: leave them out.");
    expect(problem("n".repeat(196))).toBeNull();
    expect(problem("n".repeat(197))).toBe("The dataset's name is 197 characters, more than the limit of 196: shorten it.");
    expect(zipName("  hands ")).toBe("hands.zip");
  });

  it("refuses a hidden character in the name, as the server does, before the pictures are packed", () => {
    expect(problem("ha\u200bnds")).toBe("The dataset's name holds the invisible character U+200B at position 3: remove it, names are shown as typed.");
    expect(problem("\u202eabc")).toContain("U+202E at position 1");
    expect(problem("hands\u200d")).toBeNull(); // a joiner, as in emoji: the server keeps it too
    expect(problem("hands", [two[0]!, { name: "Class\u202c 2", count: 4 }])).toBe("Class 2's name holds the invisible character U+202C at position 6: remove it, a class's name must read as it is.");
  });

  it("wants two classes at least, and no more than the server takes", () => {
    expect(problem("d", [two[0]!])).toBe("A classifier needs at least two classes: add a class.");
    expect(problem("d", [...two, { name: "c", count: 1 }], 32, { ...LIMITS, max_classes: 2 })).toBe(
      "There are 3 classes, more than the limit of 2: remove some.",
    );
  });

  it("refuses class names the server would misread as folders", () => {
    const named = (name: string) => problem("d", [two[0]!, { name, count: 2 }]);
    expect(named(" ")).toBe("Class 2 has no name: name it.");
    expect(named("cats/dogs")).toBe("The class name `cats/dogs` holds a / or \\: leave them out.");
    expect(named(".hidden")).toBe("The class name `.hidden` starts with a dot, and folders named so are skipped as hidden: rename it.");
    expect(named("__MACOSX")).toBe("The class name `__MACOSX` is skipped as macOS's own folder: rename it.");
    expect(named(" Class 1 ")).toBe("Two classes are named `Class 1`: rename one.");
    expect(named("class 1")).toBe("Two classes are named `Class 1` and `class 1`, one folder on macOS and Windows: rename one.");
    expect(named("Class  1")).toBe("Two classes are named `Class 1` and `Class  1`, which look the same: they differ only in their spaces or in how a letter's accent is written. Rename one.");
    expect(named("class\u00a01")).toBeNull(); // another folder's name (the space is another), and it looks unlike `Class 1`
    const accents = (first: string, second: string) => problem("d", [{ name: first, count: 3 }, { name: second, count: 2 }]);
    expect(accents("caf\u00e9", "cafe\u0301")).toBe("Two classes are named `caf\u00e9` and `cafe\u0301`, which look the same: they differ only in their spaces or in how a letter's accent is written. Rename one.");
    expect(accents("café", "cafe")).toBeNull(); // an accent is a letter of its own
  });

  it("refuses a class name longer than the server keeps one", () => {
    const named = (name: string) => problem("d", [two[0]!, { name, count: 2 }]);
    expect(named("c".repeat(200))).toBeNull();
    expect(named("c".repeat(201))).toBe(`The class name \`${"c".repeat(20)}…\` is 201 characters, more than the limit of 200: shorten it.`);
  });

  it("refuses an empty class, and more pictures or pixels than the server takes", () => {
    expect(problem("d", [two[0]!, { name: "Class 2", count: 0 }])).toBe("`Class 2` has no pictures: add some, or remove the class.");
    expect(problem("d", two, 32, { ...LIMITS, max_files: 6 })).toBe("There are 7 pictures, more than the limit of 6: remove some.");
    expect(problem("d", two, 64, { ...LIMITS, max_total_pixels: 20_000 })).toBe(
      "7 pictures of 64×64 are 28,672 pixels, more than the limit of 20,000: choose a smaller picture size, or remove some pictures.",
    );
    expect(problem("d", two, 32, { ...LIMITS, max_total_pixels: 7 * 32 * 32 })).toBeNull();
  });
});

describe("zipSizeProblem", () => {
  it("refuses a ZIP past the upload limit, in megabytes", () => {
    expect(zipSizeProblem(200 * 2 ** 20, LIMITS)).toBeNull();
    expect(zipSizeProblem(201 * 2 ** 20, LIMITS)).toBe(
      "The pictures make a ZIP of 201 MiB, more than the upload limit of 200 MiB: choose a smaller picture size, or remove some pictures.",
    );
    expect(zipSizeProblem(3 * 2 ** 20, { ...LIMITS, max_file_bytes: 2 ** 20 })).toBe(
      "The pictures make a ZIP of 3.0 MiB, more than the upload limit of 1.0 MiB: choose a smaller picture size, or remove some pictures.",
    );
  });
});
