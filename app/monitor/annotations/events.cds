// Events: status, asset, fault, rule and incident; the Object Page shows the step log
using MonitoringService as service from '../../../srv/monitoring-service';

annotate service.Events with @(
  UI.HeaderInfo: {
    TypeName: '{i18n>Event}', TypeNamePlural: '{i18n>Events}',
    Title: { Value: assetName }, Description: { Value: eventId }
  },
  UI.SelectionFields: [ status_code, assetName, anomalyType_code, severity_code, receivedOn ],
  UI.LineItem: [
    { Value: receivedAt, @UI.Importance: #High },
    { Value: status_code, Criticality: status.criticality, @UI.Importance: #High },
    { Value: assetName, @UI.Importance: #High },
    { Value: anomalyType_code, @UI.Importance: #High },
    { Value: severity_code, Criticality: severity.criticality, @UI.Importance: #High },
    { Value: value, @UI.Importance: #Medium },
    { Value: rule_ID, @UI.Importance: #Medium },
    { Value: incident.notificationNumber, Label: '{i18n>NotificationNumber}', @UI.Importance: #High },
    { Value: statusReason, @UI.Importance: #Low }
  ],
  UI.SelectionPresentationVariant #table: {
    Text: '{i18n>Events}',
    SelectionVariant: { SelectOptions: [] },
    PresentationVariant: { SortOrder: [{ Property: receivedAt, Descending: true }], Visualizations: ['@UI.LineItem'] }
  },
  UI.Identification: [
    { $Type: 'UI.DataFieldForAction', Action: 'MonitoringService.reprocess', Label: '{i18n>Reprocess}', @UI.Hidden: reprocessHidden }
  ],
  UI.HeaderFacets: [
    { $Type: 'UI.ReferenceFacet', Target: '@UI.DataPoint#status' },
    { $Type: 'UI.ReferenceFacet', Target: '@UI.DataPoint#severity' },
    { $Type: 'UI.ReferenceFacet', Target: '@UI.FieldGroup#HeaderIncident' }
  ],
  UI.DataPoint #status: { Value: status_code, Title: '{i18n>Status}', Criticality: status.criticality },
  UI.DataPoint #severity: { Value: severity_code, Title: '{i18n>Severity}', Criticality: severity.criticality },
  UI.FieldGroup #HeaderIncident: { Data: [ { Value: incident.notificationNumber, Label: '{i18n>NotificationNumber}' }, { Value: rule_ID } ] },
  UI.Facets: [
    { $Type: 'UI.ReferenceFacet', ID: 'Anomaly', Label: '{i18n>Anomaly}', Target: '@UI.FieldGroup#Anomaly' },
    { $Type: 'UI.ReferenceFacet', ID: 'Processing', Label: '{i18n>Processing}', Target: '@UI.FieldGroup#Processing' },
    { $Type: 'UI.ReferenceFacet', ID: 'Runs', Label: '{i18n>StepLog}', Target: 'runs/@UI.LineItem' },
    { $Type: 'UI.ReferenceFacet', ID: 'Payload', Label: '{i18n>Payload}', Target: '@UI.FieldGroup#Payload' }
  ],
  UI.FieldGroup #Anomaly: { Data: [
    { Value: assetId }, { Value: assetName }, { Value: propertyAlias }, { Value: measurement_code }, { Value: anomalyType_code },
    { Value: severity_code }, { Value: value }, { Value: threshold }, { Value: windowStart }, { Value: windowEnd }
  ] },
  UI.FieldGroup #Processing: { Data: [
    { Value: eventId }, { Value: channel_code }, { Value: receivedAt }, { Value: source }, { Value: status_code }, { Value: statusReason },
    { Value: rule_ID }, { Value: incident_ID }, { Value: duplicates }
  ] },
  UI.FieldGroup #Payload: { Data: [ { Value: payload } ] }
) {
  receivedOn      @title: '{i18n>ReceivedOn}';
  eventCount      @title: '{i18n>EventCount}';
  reprocessHidden @UI.Hidden;
  incident        @Common.Text: incident.assetName  @Common.TextArrangement: #TextOnly;
  status          @Common.ValueListWithFixedValues;
  severity        @Common.ValueListWithFixedValues;
  anomalyType     @Common.ValueListWithFixedValues;
};

// reprocess only applies to FAILED events; for viewers it is hidden altogether (reprocessHidden)
annotate service.Events actions {
  reprocess @Core.OperationAvailable: { $edmJson: { $Eq: [ { $Path: 'in/status_code' }, 'FAILED' ] } };
};

annotate service.ActionRuns with @(
  UI.HeaderInfo: { TypeName: '{i18n>ActionRun}', TypeNamePlural: '{i18n>StepLog}', Title: { Value: action.name }, Description: { Value: status_code } },
  UI.LineItem: [
    { Value: phase_code }, { Value: position }, { Value: action_ID },
    { Value: status_code, Criticality: status.criticality },
    { Value: attempts }, { Value: nextRetryAt }, { Value: finishedAt }, { Value: error }
  ],
  UI.PresentationVariant: { SortOrder: [ { Property: startedAt } ], Visualizations: ['@UI.LineItem'] },
  UI.Facets: [
    { $Type: 'UI.ReferenceFacet', ID: 'Run', Label: '{i18n>ActionRun}', Target: '@UI.FieldGroup#Run' },
    { $Type: 'UI.ReferenceFacet', ID: 'Excerpts', Label: '{i18n>Excerpts}', Target: '@UI.FieldGroup#Excerpts' },
    { $Type: 'UI.ReferenceFacet', ID: 'Items', Label: '{i18n>LogItems}', Target: 'items/@UI.LineItem' }
  ],
  UI.FieldGroup #Run: { Data: [
    { Value: phase_code }, { Value: position }, { Value: action_ID }, { Value: status_code }, { Value: attempts },
    { Value: firstAttemptAt }, { Value: startedAt }, { Value: finishedAt }, { Value: nextRetryAt }, { Value: error }
  ] },
  UI.FieldGroup #Excerpts: { Data: [ { Value: requestExcerpt }, { Value: responseExcerpt }, { Value: output } ] }
) {
  actionKind    @title: '{i18n>ActionKind}';
};

annotate service.LogItems with @(
  UI.LineItem: [ { Value: loggedAt }, { Value: attempt }, { Value: level_code, Criticality: level.criticality }, { Value: message }, { Value: data } ],
  UI.PresentationVariant: { SortOrder: [ { Property: loggedAt } ], Visualizations: ['@UI.LineItem'] }
);
