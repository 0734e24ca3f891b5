/**
 * Labels and texts for every app and service: on the persistence model, so every
 * projection inherits them. Texts are i18n keys in app/_i18n/i18n.properties.
 */
using { e2ba } from '../db/schema';

annotate e2ba.Assets with @title: '{i18n>Asset}' {
  assetId            @title: '{i18n>AssetId}';
  name               @title: '{i18n>AssetName}';
  kind               @title: '{i18n>AssetKind}'           @Common.Text: kind.name          @Common.TextArrangement: #TextOnly;
  plant              @title: '{i18n>Plant}';
  line               @title: '{i18n>Line}';
  aliasPrefix        @title: '{i18n>AliasPrefix}';
  equipment          @title: '{i18n>Equipment}';
  functionalLocation @title: '{i18n>FunctionalLocation}';
}

annotate e2ba.Rules with @title: '{i18n>Rule}' {
  name               @title: '{i18n>Name}';
  description        @title: '{i18n>Description}';
  priority           @title: '{i18n>Priority}';
  active             @title: '{i18n>Active}';
  sourcePattern      @title: '{i18n>SourcePattern}';
  assetPattern       @title: '{i18n>AssetPattern}';
  measurement        @title: '{i18n>Measurement}'         @Common.Text: measurement.name   @Common.TextArrangement: #TextOnly;
  anomalyType        @title: '{i18n>AnomalyType}'         @Common.Text: anomalyType.name   @Common.TextArrangement: #TextOnly;
  minSeverity        @title: '{i18n>MinSeverity}'         @Common.Text: minSeverity.name   @Common.TextArrangement: #TextOnly;
  minValue           @title: '{i18n>MinValue}';
  maxValue           @title: '{i18n>MaxValue}';
  outcome            @title: '{i18n>Outcome}'             @Common.Text: outcome.name       @Common.TextArrangement: #TextOnly;
  chain              @title: '{i18n>Chain}'               @Common.Text: chain.name         @Common.TextArrangement: #TextOnly;
  decisionAction     @title: '{i18n>DecisionAction}'      @Common.Text: decisionAction.name @Common.TextArrangement: #TextOnly;
  suppressionMinutes @title: '{i18n>SuppressionMinutes}';
}

annotate e2ba.Chains with @title: '{i18n>Chain}' {
  name        @title: '{i18n>Name}';
  description @title: '{i18n>Description}';
  steps       @title: '{i18n>Steps}';
}

annotate e2ba.ChainSteps with @title: '{i18n>Step}' {
  phase    @title: '{i18n>Phase}'    @Common.Text: phase.name  @Common.TextArrangement: #TextOnly;
  position @title: '{i18n>Position}';
  action   @title: '{i18n>Action}'   @Common.Text: action.name @Common.TextArrangement: #TextOnly;
}

annotate e2ba.Actions with @title: '{i18n>Action}' {
  name                   @title: '{i18n>Name}';
  description            @title: '{i18n>Description}';
  kind                   @title: '{i18n>ActionKind}'        @Common.Text: kind.name             @Common.TextArrangement: #TextOnly;
  destination            @title: '{i18n>Destination}';
  path                   @title: '{i18n>Path}';
  method                 @title: '{i18n>Method}';
  payloadTemplate        @title: '{i18n>PayloadTemplate}'   @UI.MultiLineText;
  contentType            @title: '{i18n>ContentType}';
  csrfRequired           @title: '{i18n>CsrfRequired}';
  timeoutSeconds         @title: '{i18n>TimeoutSeconds}';
  maxAttempts            @title: '{i18n>MaxAttempts}';
  retryHorizonMinutes    @title: '{i18n>RetryHorizonMinutes}';
  commitWindowSeconds    @title: '{i18n>CommitWindowSeconds}';
  notificationType       @title: '{i18n>NotificationType}'  @Common.Text: notificationType.name @Common.TextArrangement: #TextFirst;
  priority               @title: '{i18n>MaintPriority}'     @Common.Text: priority.name         @Common.TextArrangement: #TextFirst;
  technicalObjectType    @title: '{i18n>TechnicalObjectType}' @Common.Text: technicalObjectType.name @Common.TextArrangement: #TextOnly;
  requisitionType        @title: '{i18n>RequisitionType}';
  material               @title: '{i18n>Material}';
  plant                  @title: '{i18n>Plant}';
  quantity               @title: '{i18n>Quantity}'          @Measures.Unit: unitOfMeasure;
  unitOfMeasure          @title: '{i18n>UnitOfMeasure}';
  purchasingGroup        @title: '{i18n>PurchasingGroup}';
  purchasingOrganization @title: '{i18n>PurchasingOrganization}';
  ruleServiceId          @title: '{i18n>RuleServiceId}';
  ruleServiceVersion     @title: '{i18n>RuleServiceVersion}';
  resultPath             @title: '{i18n>ResultPath}';
  model                  @title: '{i18n>Model}';
  promptTemplate         @title: '{i18n>PromptTemplate}'    @UI.MultiLineText;
}

annotate e2ba.Events with @title: '{i18n>Event}' {
  eventId       @title: '{i18n>EventId}';
  channel       @title: '{i18n>Channel}'       @Common.Text: channel.name     @Common.TextArrangement: #TextOnly;
  receivedAt    @title: '{i18n>ReceivedAt}';
  source        @title: '{i18n>Source}';
  subject       @title: '{i18n>Subject}';
  assetId       @title: '{i18n>AssetId}';
  assetName     @title: '{i18n>AssetName}';
  propertyAlias @title: '{i18n>PropertyAlias}';
  measurement   @title: '{i18n>Measurement}'   @Common.Text: measurement.name @Common.TextArrangement: #TextOnly;
  anomalyType   @title: '{i18n>AnomalyType}'   @Common.Text: anomalyType.name @Common.TextArrangement: #TextOnly;
  severity      @title: '{i18n>Severity}'      @Common.Text: severity.name    @Common.TextArrangement: #TextOnly;
  value         @title: '{i18n>PeakValue}'     @Measures.Unit: unit;
  threshold     @title: '{i18n>Threshold}'     @Measures.Unit: unit;
  unit          @title: '{i18n>Unit}';
  windowStart   @title: '{i18n>WindowStart}';
  windowEnd     @title: '{i18n>WindowEnd}';
  payload       @title: '{i18n>Payload}'       @UI.MultiLineText;
  status        @title: '{i18n>Status}'        @Common.Text: status.name      @Common.TextArrangement: #TextOnly;
  statusReason  @title: '{i18n>StatusReason}';
  duplicates    @title: '{i18n>Duplicates}';
  rule          @title: '{i18n>Rule}'          @Common.Text: rule.name        @Common.TextArrangement: #TextOnly;
  incident      @title: '{i18n>Incident}';
}

annotate e2ba.ActionRuns with @title: '{i18n>ActionRun}' {
  phase           @title: '{i18n>Phase}'      @Common.Text: phase.name  @Common.TextArrangement: #TextOnly;
  position        @title: '{i18n>Position}';
  action          @title: '{i18n>Action}'     @Common.Text: action.name @Common.TextArrangement: #TextOnly;
  status          @title: '{i18n>Status}'     @Common.Text: status.name @Common.TextArrangement: #TextOnly;
  attempts        @title: '{i18n>Attempts}';
  nextRetryAt     @title: '{i18n>NextRetryAt}';
  firstAttemptAt  @title: '{i18n>FirstAttemptAt}';
  startedAt       @title: '{i18n>StartedAt}';
  finishedAt      @title: '{i18n>FinishedAt}';
  requestExcerpt  @title: '{i18n>RequestExcerpt}'  @UI.MultiLineText;
  responseExcerpt @title: '{i18n>ResponseExcerpt}' @UI.MultiLineText;
  output          @title: '{i18n>Output}'          @UI.MultiLineText;
  error           @title: '{i18n>Error}';
}

annotate e2ba.LogItems with @title: '{i18n>LogItem}' {
  loggedAt @title: '{i18n>LoggedAt}';
  attempt  @title: '{i18n>Attempt}';
  level    @title: '{i18n>Level}'   @Common.Text: level.name @Common.TextArrangement: #TextOnly;
  message  @title: '{i18n>Message}';
  data     @title: '{i18n>Data}'    @UI.MultiLineText;
}

annotate e2ba.Incidents with @title: '{i18n>Incident}' {
  assetId            @title: '{i18n>AssetId}';
  assetName          @title: '{i18n>AssetName}';
  anomalyType        @title: '{i18n>AnomalyType}'   @Common.Text: anomalyType.name  @Common.TextArrangement: #TextOnly;
  measurement        @title: '{i18n>Measurement}'   @Common.Text: measurement.name  @Common.TextArrangement: #TextOnly;
  status             @title: '{i18n>Status}'        @Common.Text: status.name       @Common.TextArrangement: #TextOnly;
  openSlot           @UI.Hidden;
  firstSeen          @title: '{i18n>FirstSeen}';
  lastSeen           @title: '{i18n>LastSeen}';
  suppressUntil      @title: '{i18n>SuppressUntil}';
  eventCount         @title: '{i18n>EventCount}';
  peakValue          @title: '{i18n>PeakValue}'     @Measures.Unit: unit;
  peakSeverity       @title: '{i18n>Severity}'      @Common.Text: peakSeverity.name @Common.TextArrangement: #TextOnly;
  rule               @title: '{i18n>Rule}'          @Common.Text: rule.name         @Common.TextArrangement: #TextOnly;
  threshold          @title: '{i18n>Threshold}'     @Measures.Unit: unit;
  unit               @title: '{i18n>Unit}';
  summary            @title: '{i18n>AiSummary}';
  notificationNumber @title: '{i18n>NotificationNumber}';
  notificationAction @title: '{i18n>NotificationAction}';
  notificationPhase  @title: '{i18n>NotificationPhase}';
  notificationStatus @title: '{i18n>NotificationStatus}';
  notificationChangedAt   @title: '{i18n>NotificationChangedAt}';
  notificationCompletedOn @title: '{i18n>NotificationCompletedOn}';
  closedAt           @title: '{i18n>ClosedAt}';
  closeReason        @title: '{i18n>CloseReason}';
}

annotate e2ba.DestinationBreakers with @title: '{i18n>DestinationBreaker}' {
  destination         @title: '{i18n>Destination}';
  instance            @title: '{i18n>Instance}';
  state               @title: '{i18n>BreakerState}' @Common.Text: state.name @Common.TextArrangement: #TextOnly;
  consecutiveFailures @title: '{i18n>ConsecutiveFailures}';
  openedAt            @title: '{i18n>OpenedAt}';
  nextProbeAt         @title: '{i18n>NextProbeAt}';
  lastError           @title: '{i18n>LastError}';
  changedAt           @title: '{i18n>ChangedAt}';
};
