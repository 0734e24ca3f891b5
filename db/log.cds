/**
 * What happened: inbound events, the action runs they caused with their log items, and
 * incidents (the unit of alarm-storm suppression). Uniqueness and suppression are enforced
 * by database constraints, so any number of processor instances can share one database.
 */
namespace e2ba;

using { cuid, managed } from '@sap/cds/common';
using {
  e2ba.Actions,
  e2ba.Chains,
  e2ba.Rules
} from './config';
using {
  e2ba.AnomalyTypes,
  e2ba.BreakerStates,
  e2ba.ChainPhases,
  e2ba.Channels,
  e2ba.EventStatuses,
  e2ba.IncidentStatuses,
  e2ba.LogLevels,
  e2ba.Measurements,
  e2ba.RunStatuses,
  e2ba.Severities
} from './codes';

/** Every event that reached the processor, once: `eventId` is the idempotency key */
@assert.unique: {eventId: [eventId]}
entity Events : cuid {
  /** CloudEvents id, deterministic at the producer */
  eventId       : String(128) @mandatory;
  channel       : Association to Channels @mandatory;
  receivedAt    : Timestamp @cds.on.insert: $now;
  /** the day (UTC) it arrived, stored: the monitor's time axis, portable to every database */
  receivedOn    : Date @cds.on.insert: $now;
  source        : String(256);
  subject       : String(256);
  // ---- denormalised from the payload for filters, charts and rules
  assetId       : String(36);
  assetName     : String(256);
  propertyAlias : String(1000);
  measurement   : Association to Measurements;
  anomalyType   : Association to AnomalyTypes;
  severity      : Association to Severities;
  value         : Double;
  threshold     : Double;
  unit          : String(20);
  windowStart   : Timestamp;
  windowEnd     : Timestamp;
  /** the event as received, at most e2ba.contract.Limits.maxEventBytes */
  payload       : LargeString;
  status        : Association to EventStatuses @mandatory default 'RECEIVED';
  statusReason  : String(1000);
  /** redeliveries and re-publications that arrived after the first */
  duplicates    : Integer default 0;
  rule          : Association to Rules;
  incident      : Association to Incidents;
  runs          : Composition of many ActionRuns
                    on runs.event = $self;
  /**
   * Who runs the chain, and until when nobody else may: renewed while its steps run, let go
   * when it stops. After a crash the lease lapses and another instance resumes the chain; a
   * chain waiting for a retry is not taken before this time either.
   */
  leaseOwner    : String(100);
  leaseUntil    : Timestamp;
}

/**
 * One step of the chain run for an event. The order is the chain's explicit
 * (phase sequence, position), copied when the run is planned.
 */
@assert.unique: {step: [
  event,
  phase,
  position
]}
entity ActionRuns : cuid, managed {
  event           : Association to Events @mandatory;
  chain           : Association to Chains;
  phase           : Association to ChainPhases @mandatory;
  position        : Integer @mandatory;
  action          : Association to Actions @mandatory;
  status          : Association to RunStatuses @mandatory default 'PENDING';
  attempts        : Integer default 0;
  /** when the first attempt started: the retry horizon counts from here */
  firstAttemptAt  : Timestamp;
  nextRetryAt     : Timestamp;
  startedAt       : Timestamp;
  finishedAt      : Timestamp;
  /** redacted: no credentials or tokens, cut to length */
  requestExcerpt  : String(4000);
  responseExcerpt : String(4000);
  /** what later steps may reference, e.g. the summary text or the notification number */
  output          : LargeString;
  error           : String(2000);
  items           : Composition of many LogItems
                      on items.run = $self;
}

/** A line in a run's log, ordered by its time stamp (never by a read max + 1 counter) */
entity LogItems : cuid {
  run      : Association to ActionRuns @mandatory;
  loggedAt : Timestamp @cds.on.insert: $now;
  attempt  : Integer;
  level    : Association to LogLevels @mandatory default 'INFO';
  message  : String(1000) @mandatory;
  /** redacted excerpt */
  data     : String(4000);
}

/**
 * All events for one asset and anomaly type while the incident is open; the unit of
 * alarm-storm suppression. At most one OPEN incident per asset and anomaly type: the
 * database guarantees it through the unique (assetId, anomalyType, openSlot), where
 * openSlot is 'OPEN' while open and the incident's own ID once closed.
 */
@assert.unique: {openPerAssetAndType: [
  assetId,
  anomalyType,
  openSlot
]}
entity Incidents : cuid, managed {
  assetId            : String(36) @mandatory;
  assetName          : String(256);
  anomalyType        : Association to AnomalyTypes @mandatory;
  measurement        : Association to Measurements;
  status             : Association to IncidentStatuses @mandatory default 'OPEN';
  openSlot           : String(36) @mandatory default 'OPEN';
  firstSeen          : Timestamp @mandatory;
  lastSeen           : Timestamp @mandatory;
  /** the suppression window ends here; later events open a new incident */
  suppressUntil      : Timestamp;
  eventCount         : Integer default 1;
  peakValue          : Double;
  peakSeverity       : Association to Severities;
  rule               : Association to Rules;
  /** the threshold of the incident's first event: its peak reads against it */
  threshold          : Double;
  unit               : String(20);
  /** the AI summary of the chain that reported the incident (or the plain fallback) */
  summary            : String(5000);
  /** MaintenanceNotification of the S/4 notification created for this incident */
  notificationNumber : String(12);
  /** the action that created it: its destination is where the notification's status is read */
  notificationAction : Association to Actions;
  // ---- the notification's status in S/4, as last read (see srv/status)
  /** NotifProcessingPhase: 1 outstanding, 2 postponed, 3 in process, 4 completed; D once deleted */
  notificationPhase  : String(1);
  notificationStatus : String(60);
  /** LastChangeDateTime of the state read: older reads never overwrite newer ones */
  notificationChangedAt : Timestamp;
  notificationCompletedOn : Date;
  closedAt           : Timestamp;
  /** why it closed: its suppression window lapsed, or its notification was completed or deleted */
  closeReason        : String(200);
  events             : Association to many Events
                         on events.incident = $self;
}

/**
 * The circuit breaker of a destination in one instance, as it last changed: OPEN means that
 * instance's chains bound there wait, without spending attempts, until a probe may go.
 */
entity DestinationBreakers {
  key destination         : String(200);
  /** each instance has breakers of its own (see srv/lib/instance.ts) */
  key instance            : String(100) default ''; // rows from before instances had their own: ''
      state               : Association to BreakerStates @mandatory;
      consecutiveFailures : Integer default 0;
      openedAt            : Timestamp;
      nextProbeAt         : Timestamp;
      lastError           : String(1000);
      changedAt           : Timestamp;
}
