// Short names for the API's shapes. All of them come from schema.d.ts, which is generated from the
// server's OpenAPI schema (`npm run gen:api`); none is written by hand.
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Catalog = Schemas["Catalog"];
export type LayerSpec = Schemas["LayerSpec"];
export type ParamSpec = Schemas["ParamSpec"];
export type ParamKind = ParamSpec["kind"];
export type LossSpec = Schemas["LossSpec"];
export type OptimizerSpec = Schemas["OptimizerSpec"];
export type SchedulerSpec = Schemas["SchedulerSpec"];
export type DatasetSpec = Schemas["DatasetInfo"];

export type Design = Schemas["Design"];
export type Layer = Schemas["Layer"];
export type DesignError = Schemas["DesignIssue"];
export type DesignFix = Schemas["DesignFix"];
export type NodeReport = Schemas["NodeInfo"];
export type ValidateResponse = Schemas["ValidationResult"];
export type ParameterInfo = Schemas["ParameterInfo"];
export type SizeEstimate = Schemas["SizeEstimate"];
export type ErrorResponse = Schemas["ErrorResponse"];

export type TrainingSettings = Schemas["TrainingSettings"];
export type RunInfo = Schemas["Run"];
export type RunStatus = RunInfo["status"];
export type RunMetrics = Schemas["Metrics"];
export type RunResults = Schemas["RunResults"];

export type DownloadingEvent = Schemas["DownloadingMessage"];
export type StartedEvent = Schemas["StartedMessage"];
export type ProgressEvent = Schemas["ProgressMessage"];
export type EpochEvent = Schemas["EpochMessage"];
export type EndEvent = Schemas["EndMessage"];
export type PausedEvent = Schemas["PausedMessage"];
export type ResumedEvent = Schemas["ResumedMessage"];
export type InsightEvent = Schemas["InsightMessage"];
export type WarningEvent = Schemas["WarningMessage"];
export type RunEvent =
  | DownloadingEvent
  | StartedEvent
  | ProgressEvent
  | EpochEvent
  | EndEvent
  | PausedEvent
  | ResumedEvent
  | InsightEvent
  | WarningEvent;

/** A layer param's value as the editor writes it; the schema leaves it open (`unknown`). */
export type ParamValue = number | boolean | string | number[] | null;
