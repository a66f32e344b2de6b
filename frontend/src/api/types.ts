// Short names for the API's shapes. All of them come from schema.d.ts, which is generated from the
// server's OpenAPI schema (`npm run gen:api`); none is written by hand.
import type { components, operations } from "./schema";

type Schemas = components["schemas"];

export type Catalog = Schemas["Catalog"];
export type LayerSpec = Schemas["LayerSpec"];
export type DamagedRun = Schemas["DamagedRun"];
export type ParamSpec = Schemas["ParamSpec"];
export type ParamKind = ParamSpec["kind"];
export type LossSpec = Schemas["LossSpec"];
export type OptimizerSpec = Schemas["OptimizerSpec"];
export type SchedulerSpec = Schemas["SchedulerSpec"];
export type AugmentationSpec = Schemas["AugmentationSpec"];
export type DatasetSpec = Schemas["DatasetInfo"];

export type Design = Schemas["Design"];
export type Layer = Schemas["Layer"];
export type DesignError = Schemas["DesignIssue"];
export type InsertFix = Schemas["DesignFix"];
export type ParamFix = Schemas["ParamFix"];
export type RemoveFix = Schemas["RemoveFix"];
export type MoveFix = Schemas["MoveFix"];
/** A one-click fix: a layer inserted on a wire, one param of a layer set, a layer removed, or
 * one moved onto another wire. */
export type DesignFix = InsertFix | ParamFix | RemoveFix | MoveFix;
export type NodeReport = Schemas["NodeInfo"];
export type ValidateRequest = Schemas["ValidateRequest"];
export type ValidateResponse = Schemas["ValidationResult"];
export type OutputTarget = Schemas["OutputTarget"];
export type ScheduleChoice = Schemas["ScheduleChoice"];
export type ParameterInfo = Schemas["ParameterInfo"];
export type SizeEstimate = Schemas["SizeEstimate"];
export type ErrorResponse = Schemas["ErrorResponse"];

export type TrainingSettings = Schemas["TrainingSettings"];
export type NumberBounds = Schemas["NumberBounds"];
export type RunInfo = Schemas["Run"];
export type RunFacets = Schemas["RunFacets"];
export type PausedAhead = Schemas["PausedAhead"];
export type InitMatch = Schemas["InitMatch"];
export type RunStatus = RunInfo["status"];
export type RunMetrics = Schemas["Metrics"];
export type RunResults = Schemas["RunResults"];

export type ModelView = Schemas["ModelView"];
export type Share = Schemas["Share"];
export type ShareCreated = Schemas["ShareCreated"];
export type Prediction = Schemas["Prediction"];
export type PicturePrediction = Schemas["PicturePrediction"];
export type SeenPicture = Schemas["SeenPicture"];
export type Activations = Schemas["Activations"];
export type GradCam = Schemas["GradCam"];
export type LayerActivation = Schemas["LayerActivation"];
export type Quantised = Schemas["Quantised"];
export type NeuronMaps = Schemas["NeuronMaps"];
export type LayerNeurons = Schemas["LayerNeurons"];
export type LiveNeurons = Schemas["LiveNeurons"];
export type LiveLayerNeurons = Schemas["LiveLayerNeurons"];
export type NetworkWeights = Schemas["NetworkWeights"];
export type Pictures = Schemas["Pictures"];
export type ManyAnswer = Schemas["ManyAnswer"];
export type ManyItem = Schemas["ManyItem"];
export type ManyLimits = Schemas["ManyLimits"];
export type ManyCapacity = Schemas["ManyCapacity"];
export type DatasetRecord = Schemas["DatasetRecord"];
export type DatasetPreview = Schemas["DatasetPreview"];
export type SampleSequence = Schemas["SampleSequence"];
export type SequencePlot = Schemas["SequencePlot"];
export type DownloadSource = Schemas["DownloadSource"];
export type Session = Schemas["Session"];

/** What a dataset's preview takes: a 2-D set's options, and the test share its points mark. */
export type PreviewQuery = NonNullable<operations["preview_api_datasets__dataset_id__preview_get"]["parameters"]["query"]>;

/** The kinds of run GET /api/runs keeps alone (?kind=): training runs, or range tests. */
export type RunKind = NonNullable<NonNullable<operations["list_runs_api_runs_get"]["parameters"]["query"]>["kind"]>;

/** Every message of a run's event stream, as the server's event list declares them. */
export type RunEvent = NonNullable<
  operations["list_events_api_runs__run_id__events_get"]["responses"][200]["content"]["application/json"]
>[number];
export type RunEventType = RunEvent["type"];
type EventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;
export type DownloadingEvent = EventOf<"downloading">;
export type StartedEvent = EventOf<"started">;
export type ProgressEvent = EventOf<"progress">;
export type EpochEvent = EventOf<"epoch">;
export type EndEvent = EventOf<"end">;
export type PausedEvent = EventOf<"paused">;
export type ResumedEvent = EventOf<"resumed">;
export type RateEvent = EventOf<"rate">;
export type InsightEvent = EventOf<"insight">;
export type WarningEvent = EventOf<"warning">;
export type BoundaryEvent = EventOf<"boundary">;
export type LrRangeEvent = EventOf<"lr_range">;
export type WeightsEvent = EventOf<"weights">;
/** What a run's websocket sends after a few quiet seconds when asked (`heartbeat=1`): no event. */
export type HeartbeatMessage = Schemas["HeartbeatMessage"];

/** A layer param's value as the editor writes it; the schema leaves it open (`unknown`). */
export type ParamValue = number | boolean | string | number[] | null;

export type ClassView = Schemas["ClassView"];
export type ClassEntry = Schemas["ClassEntry"];
/** A run as the server's admin sees it (TORCHCANVAS_ADMIN_TOKEN). */
export type AdminRun = Schemas["AdminRun"];
export type ClassSummary = Schemas["ClassSummary"];
export type HandIn = Schemas["HandIn"];
