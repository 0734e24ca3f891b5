/**
 * What admins configure: the assets and their S/4 technical objects, the decision table
 * (rules), and the business actions that rules trigger, arranged in chains.
 */
namespace e2ba;

using { cuid, managed } from '@sap/cds/common';
using {
  e2ba.ActionKinds,
  e2ba.AnomalyTypes,
  e2ba.AssetKinds,
  e2ba.ChainPhases,
  e2ba.HttpMethods,
  e2ba.MaintPriorities,
  e2ba.Measurements,
  e2ba.NotificationTypes,
  e2ba.RuleOutcomes,
  e2ba.Severities,
  e2ba.TechnicalObjectTypes
} from './codes';

/** A BTP destination name, as the Destination service accepts it */
type DestinationName : String(200) @assert.format: '^[A-Za-z0-9_.-]+$';

/** A path relative to a destination's URL */
type RelativePath    : String(1000) @assert.format: '^/';

/** A monitored machine and the S/4HANA technical object that represents it */
entity Assets : managed {
      /** SiteWise asset id */
  key assetId            : String(36);
      name               : String(256) @mandatory;
      kind               : Association to AssetKinds;
      plant              : String(4) @mandatory;
      line               : String(40);
      /** common prefix of the asset's property aliases, e.g. /Plant1010/Line1/Motor1 */
      aliasPrefix        : String(1000);
      equipment          : String(18);
      functionalLocation : String(40);
}

/**
 * One row of the decision table. Rules are evaluated by ascending priority; the first
 * active rule whose conditions all hold decides. An empty condition matches anything.
 */
@assert.unique: {
  name    : [name],
  priority: [priority]
}
entity Rules : cuid, managed {
  name               : String(100) @mandatory;
  description        : String(500);
  priority           : Integer     @mandatory  @assert.range: [1, 9999];
  active             : Boolean default true;
  // ---- conditions
  /** glob on the CloudEvents source, e.g. urn:aws:lambda:* */
  sourcePattern      : String(256);
  /** glob on asset id, asset name or property alias, e.g. /Plant1010/* */
  assetPattern       : String(256);
  measurement        : Association to Measurements;
  anomalyType        : Association to AnomalyTypes;
  /** matches this severity and every higher one */
  minSeverity        : Association to Severities;
  minValue           : Double;
  maxValue           : Double;
  // ---- outcome
  outcome            : Association to RuleOutcomes @mandatory default 'CHAIN';
  /** the chain to run, when outcome = CHAIN */
  chain              : Association to Chains;
  /** the BPA_DECISION action that names the chain, when outcome = DELEGATE_BPA */
  decisionAction     : Association to Actions;
  /** further events for the same asset and anomaly type within this window join the open incident */
  suppressionMinutes : Integer default 60 @assert.range: [0, 10080];
}

/** Pre-actions, exactly one main action and post-actions, in explicit order */
@assert.unique: {name: [name]}
entity Chains : cuid, managed {
  name        : String(100) @mandatory;
  description : String(500);
  steps       : Composition of many ChainSteps
                  on steps.chain = $self;
}

@assert.unique: {position: [
  chain,
  phase,
  position
]}
entity ChainSteps : cuid {
  chain    : Association to Chains;
  phase    : Association to ChainPhases @mandatory;
  /** order within the phase, ascending */
  position : Integer @mandatory @assert.range: [1, 99];
  action   : Association to Actions @mandatory;
}

/** A business action: a call to an external system through a BTP destination */
@assert.unique: {name: [name]}
entity Actions : cuid, managed {
  name                   : String(100) @mandatory;
  description            : String(500);
  kind                   : Association to ActionKinds @mandatory;
  // ---- the HTTP call
  destination            : DestinationName;
  path                   : RelativePath;
  method                 : Association to HttpMethods default 'POST';
  /** JSON with ${{…}} placeholders; values are inserted as JSON values, never as raw text */
  payloadTemplate        : LargeString;
  contentType            : String(100) default 'application/json';
  csrfRequired           : Boolean default false;
  /** at most 60 s: a chain's lease (cds.requires.processing.leaseSeconds) outlasts any step */
  timeoutSeconds         : Integer default 30 @assert.range: [1, 60];
  // ---- retries: exponential backoff with jitter until the horizon or the attempts run out
  maxAttempts            : Integer default 50 @assert.range: [1, 1000];
  retryHorizonMinutes    : Integer default 60 @assert.range: [0, 10080];
  /** how long the target may still commit a write whose answer never came (its own request timeout) */
  commitWindowSeconds    : Integer default 60 @assert.range: [0, 3600];
  // ---- S4_MAINTENANCE_NOTIFICATION
  notificationType       : Association to NotificationTypes;
  priority               : Association to MaintPriorities;
  technicalObjectType    : Association to TechnicalObjectTypes;
  // ---- S4_PURCHASE_REQUISITION
  requisitionType        : String(4);
  material               : String(40);
  plant                  : String(4);
  quantity               : Decimal(13, 3) @assert.range: [0, 9999999999];
  unitOfMeasure          : String(3);
  purchasingGroup        : String(3);
  purchasingOrganization : String(4);
  // ---- BPA_DECISION
  ruleServiceId          : String(100);
  ruleServiceVersion     : String(20);
  /** where the decision's answer sits in the response, e.g. Result[0].ActionInfo.ChainName */
  resultPath             : String(200);
  // ---- AI_SUMMARY
  /** model on SAP AI Core orchestration, e.g. anthropic--claude-4.5-sonnet */
  model                  : String(100);
  /** prompt with {{?placeholders}} */
  promptTemplate         : LargeString;
}
