// Where a model page reads from: the owner's run (/api/models/<id>, its files under /api/runs/<id>)
// or a share link (/api/shared/<token>). The same calls, on the one client, by the source's kind.
import { client, runPath, unwrap } from "../api/client";
import type { ModelView } from "../api/types";
import { runHasEventsAfter } from "../training/useGoesOn";

export type ModelSource = { runId: string } | { token: string };

const tokenPath = (token: string) => ({ params: { path: { token } } });

export function loadView(source: ModelSource): Promise<ModelView> {
  const view =
    "runId" in source
      ? unwrap(client.GET("/api/models/{run_id}", runPath(source.runId)))
      : unwrap(client.GET("/api/shared/{token}", tokenPath(source.token)));
  // openapi-fetch's Readable<> widens the design's [from, to] edge tuples to string[][].
  return view as Promise<ModelView>;
}

/** Whether the run has events after `after`: one that ended and was then continued has. */
export async function hasEventsAfter(source: ModelSource, after: number): Promise<boolean> {
  if ("runId" in source) return runHasEventsAfter(source.runId, after);
  const events = await unwrap(client.GET("/api/shared/{token}/events", { params: { path: { token: source.token }, query: { after, limit: 1 } } }));
  return events.length > 0;
}

export function loadResults(source: ModelSource) {
  return "runId" in source
    ? unwrap(client.GET("/api/runs/{run_id}/results", runPath(source.runId)))
    : unwrap(client.GET("/api/shared/{token}/results", tokenPath(source.token)));
}

export function predict(source: ModelSource, input: number[]) {
  return "runId" in source
    ? unwrap(client.POST("/api/runs/{run_id}/predict", { ...runPath(source.runId), body: { input } }))
    : unwrap(client.POST("/api/shared/{token}/predict", { ...tokenPath(source.token), body: { input } }));
}

/** A picture file as a request's body. The schema types the binary body as a string; the Blob
 * itself is what is sent. */
function pictureBody(file: Blob) {
  return { body: "", bodySerializer: () => file, headers: { "Content-Type": file.type || "application/octet-stream" } };
}

/** The model's answer for a picture file, sent as the body: the server makes it into a sample. */
export function predictPicture(source: ModelSource, file: Blob) {
  const body = pictureBody(file);
  return "runId" in source
    ? unwrap(client.POST("/api/runs/{run_id}/predict-image", { ...runPath(source.runId), ...body }))
    : unwrap(client.POST("/api/shared/{token}/predict-image", { ...tokenPath(source.token), ...body }));
}

/** What the model was asked last on its page: numbers, or a picture's file. */
export type Question = { input: number[] } | { picture: Blob };

/** Each layer's output for the question, and the first Conv2d's filters. */
export function layerOutputs(source: ModelSource, question: Question) {
  if ("picture" in question) {
    const body = pictureBody(question.picture);
    return "runId" in source
      ? unwrap(client.POST("/api/runs/{run_id}/activations-image", { ...runPath(source.runId), ...body }))
      : unwrap(client.POST("/api/shared/{token}/activations-image", { ...tokenPath(source.token), ...body }));
  }
  const body = { input: question.input };
  return "runId" in source
    ? unwrap(client.POST("/api/runs/{run_id}/activations", { ...runPath(source.runId), body }))
    : unwrap(client.POST("/api/shared/{token}/activations", { ...tokenPath(source.token), body }));
}

/** Where the model looked in the question for a class (Grad-CAM): the predicted one when
 * `classIndex` is null, at `layer`, or when null at the server's choice: the model's last Conv2d
 * (or the join after it, past a skip connection). */
export function whereLooked(source: ModelSource, question: Question, classIndex: number | null, layer: string | null = null) {
  const class_index = classIndex ?? undefined;
  const at = layer ?? undefined;
  if ("picture" in question) {
    const body = pictureBody(question.picture);
    return "runId" in source
      ? unwrap(client.POST("/api/runs/{run_id}/grad-cam-image", { ...body, params: { path: { run_id: source.runId }, query: { class_index, layer: at } } }))
      : unwrap(client.POST("/api/shared/{token}/grad-cam-image", { ...body, params: { path: { token: source.token }, query: { class_index, layer: at } } }));
  }
  const body = { input: question.input, class_index: classIndex, layer };
  return "runId" in source
    ? unwrap(client.POST("/api/runs/{run_id}/grad-cam", { ...runPath(source.runId), body }))
    : unwrap(client.POST("/api/shared/{token}/grad-cam", { ...tokenPath(source.token), body }));
}
