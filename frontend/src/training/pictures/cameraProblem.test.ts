import { describe, expect, it } from "vitest";
import { cameraProblem } from "./cameraProblem";

const failed = (name: string, message = "") => new DOMException(message, name);

describe("cameraProblem", () => {
  it("says a refused camera is refused, and how to allow it", () => {
    expect(cameraProblem(failed("NotAllowedError"))).toMatch(/^The camera was refused: allow it for this site/);
    expect(cameraProblem(failed("SecurityError"))).toMatch(/^The camera was refused/);
  });

  it("says when there is no camera", () => {
    expect(cameraProblem(failed("NotFoundError"))).toBe("No camera was found: connect one, then press Webcam again. Or choose pictures instead.");
  });

  it("says a busy camera may be another program's", () => {
    expect(cameraProblem(failed("NotReadableError"))).toMatch(/another program may be using it/);
  });

  it("passes on any other error's own words", () => {
    expect(cameraProblem(new TypeError("bad constraints"))).toBe("The camera could not be started (bad constraints): choose pictures instead.");
  });
});
