using { e2ba as db } from '../db/schema';

/** Configuration of the decision table, actions and chains; admins only */
@requires: 'Admin'
service AdminService {
  @odata.draft.enabled
  entity Rules   as projection on db.Rules;

  @odata.draft.enabled
  entity Chains  as projection on db.Chains;

  entity ChainSteps as projection on db.ChainSteps;

  @odata.draft.enabled
  entity Actions as projection on db.Actions;

  @odata.draft.enabled
  entity Assets  as projection on db.Assets;

  /** The destinations that actions already call: the value help of an action's destination */
  @readonly  @cds.redirection.target: false
  entity Destinations as select from db.Actions {
    key destination as name : String(200)
  } where destination is not null group by destination;

  /** Received events to pick for a dry run */
  @readonly
  entity SampleEvents as projection on db.Events {
    ID, eventId, receivedAt, assetId, assetName, measurement, anomalyType, severity, status, payload
  } where payload is not null and status.code <> 'REJECTED';

  type DryRunStep {
    phase       : String(4);
    position    : Integer;
    action      : String(100);
    kind        : String(30);
    destination : String(200);
    method      : String(6);
    path        : String(1000);
    /** the payload the step would send, as JSON */
    request     : LargeString;
    note        : String(1000);
  }

  type DryRunResult {
    matched     : Boolean;
    rule_ID     : UUID;
    ruleName    : String(100);
    outcome     : String(12);
    chainName   : String(100);
    /** the event would join the open incident and trigger nothing */
    suppressed  : Boolean;
    /** the open incident the event would belong to; null for a new one */
    incident_ID : UUID;
    decision    : String(1000);
    steps       : many DryRunStep;
  }

  /**
   * What the active rules and chains would do with an event (pasted, or a received one picked
   * by its ID): the matching rule, suppression, and each step's rendered request. Calls no
   * external system and writes nothing.
   */
  action dryRun(event : LargeString, sample : UUID) returns DryRunResult;
}
