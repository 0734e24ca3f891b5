using { e2ba as db } from '../db/schema';

/** What happened to events, runs and incidents; read-only for viewers and admins */
@requires: [
  'Viewer',
  'Admin'
]
service MonitoringService {
  @readonly
  entity Events     as projection on db.Events
    actions {
      /** Resumes a FAILED event from its failed step; steps that succeeded are not run again */
      @(requires: 'Admin')
      action reprocess() returns Events;
    };

  @readonly
  entity ActionRuns as projection on db.ActionRuns;

  @readonly
  entity LogItems   as projection on db.LogItems;

  @readonly
  entity Incidents  as projection on db.Incidents;
}
