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
    /** 1 per event: summed, the count of events in charts */
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
    /** how the notification's S/4 phase reads: completed positive, waiting critical, deleted negative */
    case notificationPhase
      when '4' then 3
      when '3' then 5
      when '1' then 2
      when '2' then 2
      when 'D' then 1
      else 0
    end                          as notificationCriticality : db.Criticality,
    /** opens the notification in S/4: set when read, from cds.requires.s4ui */
    virtual null                 as notificationUrl         : String(1000),
    /** the peak against the threshold, e.g. "11.2 / 7.1 mm/s": set when read */
    virtual null                 as peakAgainstThreshold    : String(100),
    /** the telemetry around the anomaly, for its chart */
    samples                      : Association to many IncidentSamples on samples.incident = $self,
  };

  /**
   * The telemetry points that the incident's latest events carried (their `data.samples`),
   * merged in time order with the incident's threshold beside each: computed when read,
   * through Incidents(…)/samples or filtered by incident.
   */
  @readonly  @cds.persistence.skip
  entity IncidentSamples {
    key incident  : Association to Incidents;
    key time      : Timestamp;
        value     : Double;
        quality   : String(10);
        threshold : Double;
        unit      : String(20);
  }

  /** The S/4 statuses that notifications of incidents have: the values of the incidents' status filter */
  @readonly  @cds.redirection.target: false
  entity NotificationStatuses as select from db.Incidents {
    key notificationStatus as name : String(60)
  } where notificationStatus is not null group by notificationStatus;

  /**
   * The monitor's headline figures over the last 24 hours, computed when read: one row. The
   * median runs over the S/4 notifications created in that time.
   */
  @readonly  @cds.persistence.skip
  entity Kpis {
    key period                      : String(10);
        periodName                  : String(40);
        /** events received */
        events                      : Integer;
        /** of those, FAILED now: each waits for reprocessing */
        failed                      : Integer;
        /** of those, joined an open incident instead of starting a chain */
        suppressed                  : Integer;
        /** suppressed / events, in percent */
        suppressedShare             : Decimal(5, 1);
        /** S/4 maintenance notifications created */
        notifications               : Integer;
        /** median time from an event's arrival to the finish of its notification step */
        medianSecondsToNotification : Decimal(10, 1);
  }

  /** S/4's business events about notifications, as received: applied, ignored (not this app's) or rejected */
  @readonly
  entity NotificationEvents as projection on db.NotificationEvents;

  /** Each destination's circuit breaker: OPEN means its chains wait, spending no attempts */
  @readonly
  entity DestinationBreakers as projection on db.DestinationBreakers;
}
