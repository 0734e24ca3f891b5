/**
 * Code lists: every status and kind the app knows. Handlers take their constants from
 * the generated enums (e.g. EventStatus.DONE), never from string literals.
 */
namespace e2ba;

using { sap.common.CodeList } from '@sap/cds/common';
using { e2ba.contract as contract } from './contract';

/** UI.Criticality values, so Fiori colours statuses without code */
type Criticality     : Integer enum {
  Neutral     = 0;
  Negative    = 1;
  Critical    = 2;
  Positive    = 3;
  Information = 5;
};

type EventStatusCode     : String(12) enum {
  RECEIVED;
  PROCESSING;
  DONE;
  FAILED;
  REJECTED;
  DUPLICATE;
  SUPPRESSED;
};

type ChannelCode         : String(10) enum {
  QUEUE;
  WEBHOOK;
};

type RunStatusCode       : String(10) enum {
  PENDING;
  RUNNING;
  SUCCEEDED;
  FAILED;
  SKIPPED;
};

type LogLevelCode        : String(5) enum {
  DEBUG;
  INFO;
  WARN;
  ERROR;
};

type BreakerStateCode    : String(9) enum {
  CLOSED;
  OPEN;
  HALF_OPEN;
};

type IncidentStatusCode  : String(6) enum {
  OPEN;
  CLOSED;
};

type ActionKindCode      : String(30) enum {
  S4_MAINTENANCE_NOTIFICATION;
  S4_PURCHASE_REQUISITION;
  HTTP;
  AI_SUMMARY;
  BPA_DECISION;
};

/** What a rule does when it matches */
type RuleOutcomeCode     : String(12) enum {
  /** run the rule's action chain */
  CHAIN;
  /** ask a Build Process Automation decision which chain to run */
  DELEGATE_BPA;
};

/** Where a step sits in a chain: pre-actions, the one main action, post-actions */
type ChainPhaseCode      : String(4) enum {
  PRE;
  MAIN;
  POST;
};

type HttpMethodCode      : String(6) enum {
  GET;
  POST;
  PUT;
  PATCH;
  DELETE;
};

/** PM notification types of API_MAINTNOTIFICATION */
type NotificationTypeCode : String(2) enum {
  M1;
  M2;
  M3;
};

/** PM priorities (MaintPriority), 1 = very high */
type MaintPriorityCode   : String(1) enum {
  VeryHigh = '1';
  High     = '2';
  Medium   = '3';
  Low      = '4';
};

/** TechObjIsEquipOrFuncnlLoc of API_MAINTNOTIFICATION */
type TechnicalObjectTypeCode : String(10) enum {
  Equipment          = 'EAMS_EQUI';
  FunctionalLocation = 'EAMS_FL';
};

type AssetKindCode       : String(10) enum {
  MOTOR;
  PUMP;
};

entity EventStatuses        : CodeList {
  key code        : EventStatusCode;
      criticality : Criticality;
}

entity Channels             : CodeList {
  key code : ChannelCode;
}

entity RunStatuses          : CodeList {
  key code        : RunStatusCode;
      criticality : Criticality;
}

entity LogLevels            : CodeList {
  key code        : LogLevelCode;
      criticality : Criticality;
}

entity BreakerStates        : CodeList {
  key code        : BreakerStateCode;
      criticality : Criticality;
}

entity IncidentStatuses     : CodeList {
  key code        : IncidentStatusCode;
      criticality : Criticality;
}

entity ActionKinds          : CodeList {
  key code : ActionKindCode;
}

entity RuleOutcomes         : CodeList {
  key code : RuleOutcomeCode;
}

@singular: 'ChainPhase'
entity ChainPhases          : CodeList {
  key code     : ChainPhaseCode;
      /** execution order of the phases */
      sequence : Integer;
}

entity HttpMethods          : CodeList {
  key code : HttpMethodCode;
}

entity NotificationTypes    : CodeList {
  key code : NotificationTypeCode;
}

entity MaintPriorities      : CodeList {
  key code : MaintPriorityCode;
}

entity TechnicalObjectTypes : CodeList {
  key code : TechnicalObjectTypeCode;
}

entity AssetKinds           : CodeList {
  key code : AssetKindCode;
}

entity Measurements         : CodeList {
  key code : contract.Measurement;
}

entity AnomalyTypes         : CodeList {
  key code : contract.AnomalyType;
}

entity Severities           : CodeList {
  key code        : contract.Severity;
      /** a rule's minimum severity matches this and every higher rank */
      rank        : Integer;
      criticality : Criticality;
}
