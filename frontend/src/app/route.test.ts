import { describe, expect, it } from "vitest";
import { routeOf } from "./route";

describe("routeOf", () => {
  it("reads each page from its path, with or without a trailing slash", () => {
    expect(routeOf("/")).toEqual({ page: "editor" });
    expect(routeOf("/runs/")).toEqual({ page: "runs" });
    expect(routeOf("/runs/abc")).toEqual({ page: "run", runId: "abc" });
    expect(routeOf("/models/abc/")).toEqual({ page: "model", runId: "abc" });
    expect(routeOf("/challenges")).toEqual({ page: "challenges" });
    expect(routeOf("/admin/")).toEqual({ page: "admin" });
  });
  it("finds no page at any other path, where it once opened the editor", () => {
    for (const path of ["/run/abc", "/editor", "/runs/abc/x", "/nothing"]) expect(routeOf(path)).toEqual({ page: "notFound" });
  });
});
