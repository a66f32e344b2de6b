// Sends a set to the model at once (pictures, one ZIP or one CSV) and gets every item's answer,
// from the owner's run or through a share link.
import { client, runPath, unwrap } from "../../api/client";
import type { ManyAnswer } from "../../api/types";
import type { ModelSource } from "../modelSource";

export function classifyMany(source: ModelSource, files: File[]): Promise<ManyAnswer> {
  const form = new FormData();
  for (const file of files) form.append("file", file, file.name);
  // The schema types the binary parts as strings; the FormData carries the files themselves.
  const request = { body: { file: files.map((f) => f.name) }, bodySerializer: () => form };
  return "runId" in source
    ? unwrap(client.POST("/api/runs/{run_id}/classify-many", { ...runPath(source.runId), ...request }))
    : unwrap(client.POST("/api/shared/{token}/classify-many", { params: { path: { token: source.token } }, ...request }));
}
