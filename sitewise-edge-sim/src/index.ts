/** The simulator's programmatic API: what a demo or a test drives without the command line */
export { runScenario, exportObjects, EXPORT_FORMATS, type RunOptions, type RunResult, type Progress, type ExportFormat, type ObjectSummary } from './run'
export { resolveScenario, intervals, defaultFaults, DEFAULT_START, DEFAULT_SEED, ALARM_THRESHOLD, type Manifest, type ScenarioOptions, type Sample } from './scenario'
export { defaultFleet, fleetMap, DEFAULT_ASSETS, type Asset, type AssetProperty, type FleetMap } from './fleet'
export type { FaultSpec, FaultKind, InjectedFault } from './faults'
export { folderSink } from './sinks/folder'
export { s3Sink, s3Client, type S3SinkOptions } from './sinks/s3'
export { siteWiseSink, type SiteWiseSinkOptions, type SiteWiseStats } from './sinks/sitewise'
export type { Sink, ObjectSink, SampleSink, ExportObject } from './sinks/sink'
