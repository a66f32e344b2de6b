// The neurons' maps of a model, from its owner's run or through a share link.
import { client, runPath, unwrap } from "../../api/client";
import type { NeuronMaps } from "../../api/types";
import type { ModelSource } from "../modelSource";

export function loadNeurons(source: ModelSource): Promise<NeuronMaps> {
  return "runId" in source
    ? unwrap(client.GET("/api/runs/{run_id}/neurons", runPath(source.runId)))
    : unwrap(client.GET("/api/shared/{token}/neurons", { params: { path: { token: source.token } } }));
}
