using { e2ba as db } from '../db/schema';

/** What happened to events, runs and incidents; read-only for viewers and admins */
@requires: [
  'Viewer',
  'Admin'
]
service MonitoringService {
  @readonly
  entity Events     as projection on db.Events {
    *,
    /** 1 per event: summed, the count of events in charts and KPIs */
    1                            as eventCount  : Integer,
    // texts as plain columns: charts group by them, and cannot expand code lists
    status.name                  as statusName      : String(255),
    anomalyType.name             as anomalyTypeName : String(255),
    severity.name                as severityName    : String(255),
    /** true unless the user may reprocess (Admin): hides the action for viewers */
    virtual null                 as reprocessHidden : Boolean,
  }
    actions {
      /** Resumes a FAILED event from its failed step; steps that succeeded are not run again */
      @(requires: 'Admin')
      action reprocess() returns Events;
    };

  @readonly
  entity ActionRuns as projection on db.ActionRuns {
    *,
    action.kind.code             as actionKind  : String(30),
    /** true when the step finished within the last 24 hours (portable: the same on sqlite, PostgreSQL and HANA) */
    (seconds_between(finishedAt, $now) < 86400) as finishedLastDay : Boolean,
    1                            as runCount    : Integer,
  };

  @readonly
  entity LogItems   as projection on db.LogItems;

  /** The names of the configuration that events and runs point at, so the apps can show them */
  @readonly
  entity Rules      as projection on db.Rules { ID, name, priority };

  @readonly
  entity Chains     as projection on db.Chains { ID, name };

  @readonly
  entity Actions    as projection on db.Actions { ID, name, kind };

  @readonly
  entity Incidents  as projection on db.Incidents {
    *,
    1 as incidentCount : Integer,
  };

  /** Each destination's circuit breaker: OPEN means its chains wait, spending no attempts */
  @readonly
  entity DestinationBreakers as projection on db.DestinationBreakers;
}
