// Incidents for maintenance planners: per asset and fault, with the S/4 notification and its status
using MonitoringService as service from '../../../srv/monitoring-service';

annotate service.Incidents with @(
  UI.HeaderInfo: {
    TypeName: '{i18n>Incident}', TypeNamePlural: '{i18n>Incidents}',
    Title: { Value: assetName }, Description: { Value: anomalyType.name }
  },
  UI.SelectionFields: [ status_code, assetName, anomalyType_code, notificationStatus ],
  // High: the columns a planner decides by stay visible however narrow the screen
  UI.LineItem: [
    { Value: status_code, Criticality: status.criticality, @UI.Importance: #High },
    { Value: assetName, @UI.Importance: #High },
    { Value: anomalyType_code, @UI.Importance: #High },
    { Value: peakSeverity_code, Criticality: peakSeverity.criticality, @UI.Importance: #High },
    { $Type: 'UI.DataFieldForAnnotation', Target: '@UI.FieldGroup#Notification', Label: '{i18n>NotificationNumber}', @UI.Importance: #High },
    { Value: eventCount, Label: '{i18n>Events}', @UI.Importance: #High },
    { Value: firstSeen, @UI.Importance: #Medium },
    { Value: lastSeen, @UI.Importance: #High },
    { Value: peakAgainstThreshold, Criticality: peakSeverity.criticality, @UI.Importance: #High }
  ],
  UI.PresentationVariant: { SortOrder: [ { Property: lastSeen, Descending: true } ], Visualizations: ['@UI.LineItem'] },
  // the notification number opens it in S/4 (notificationUrl); its S/4 status below it
  UI.FieldGroup #Notification: { Data: [
    { $Type: 'UI.DataFieldWithUrl', Value: notificationNumber, Url: notificationUrl, Label: '{i18n>Number}' },
    { Value: notificationStatus, Criticality: notificationCriticality, Label: '{i18n>Status}' }
  ] },
  UI.HeaderFacets: [
    { $Type: 'UI.ReferenceFacet', Target: '@UI.DataPoint#status' },
    { $Type: 'UI.ReferenceFacet', ID: 'HeaderNotification', Label: '{i18n>NotificationNumber}', Target: '@UI.FieldGroup#Notification' },
    { $Type: 'UI.ReferenceFacet', Target: '@UI.DataPoint#peak' },
    { $Type: 'UI.ReferenceFacet', Target: '@UI.DataPoint#eventCount' }
  ],
  UI.DataPoint #status: { Value: status_code, Title: '{i18n>Status}', Criticality: status.criticality },
  UI.DataPoint #peak: { Value: peakAgainstThreshold, Title: '{i18n>PeakAgainstThreshold}', Criticality: peakSeverity.criticality },
  UI.DataPoint #eventCount: { Value: eventCount, Title: '{i18n>EventCount}' },
  UI.Facets: [
    { $Type: 'UI.ReferenceFacet', ID: 'Summary', Label: '{i18n>Summary}', Target: '@UI.FieldGroup#Summary' },
    // the samples chart follows here: a custom section of the manifest, anchored at Summary
    { $Type: 'UI.CollectionFacet', ID: 'Facts', Label: '{i18n>Incident}', Facets: [
      { $Type: 'UI.ReferenceFacet', ID: 'Incident', Label: '{i18n>Anomaly}', Target: '@UI.FieldGroup#Incident' },
      { $Type: 'UI.ReferenceFacet', ID: 'NotificationFacts', Label: '{i18n>S4Notification}', Target: '@UI.FieldGroup#NotificationFacts' }
    ] },
    { $Type: 'UI.ReferenceFacet', ID: 'Events', Label: '{i18n>Events}', Target: 'events/@UI.LineItem#inIncident' }
  ],
  UI.FieldGroup #Summary: { Data: [ { Value: summary } ] },
  UI.FieldGroup #Incident: { Data: [
    { Value: assetId }, { Value: assetName }, { Value: anomalyType_code }, { Value: measurement_code }, { Value: peakSeverity_code },
    { Value: peakValue }, { Value: threshold }, { Value: firstSeen }, { Value: lastSeen }, { Value: eventCount },
    { Value: suppressUntil }, { Value: rule_ID }, { Value: status_code }, { Value: closedAt }, { Value: closeReason }
  ] },
  UI.FieldGroup #NotificationFacts: { Data: [
    { $Type: 'UI.DataFieldWithUrl', Value: notificationNumber, Url: notificationUrl },
    { Value: notificationStatus, Criticality: notificationCriticality },
    { Value: notificationChangedAt }, { Value: notificationCompletedOn }, { Value: notificationAction_ID }
  ] }
) {
  status             @Common.ValueListWithFixedValues;
  anomalyType        @Common.ValueListWithFixedValues;
  notificationStatus @Common.ValueListWithFixedValues  @Common.ValueList: {
    CollectionPath: 'NotificationStatuses',
    Parameters: [ { $Type: 'Common.ValueListParameterInOut', LocalDataProperty: notificationStatus, ValueListProperty: 'name' } ]
  };
  notificationAction @Common.Text: notificationAction.name  @Common.TextArrangement: #TextOnly;
  peakAgainstThreshold    @title: '{i18n>PeakAgainstThreshold}';
  notificationUrl         @UI.Hidden;
  notificationCriticality @UI.Hidden;
  notificationPhase       @UI.Hidden;
  summary                 @UI.MultiLineText;
};

annotate service.NotificationStatuses with {
  name @title: '{i18n>NotificationStatus}';
};

annotate service.Events with @(
  UI.LineItem #inIncident: [
    { Value: receivedAt, @UI.Importance: #High },
    { Value: status_code, Criticality: status.criticality, @UI.Importance: #High },
    { Value: severity_code, Criticality: severity.criticality, @UI.Importance: #High },
    { Value: value, @UI.Importance: #High },
    { Value: threshold, @UI.Importance: #High },
    { Value: statusReason, @UI.Importance: #Medium }
  ]
);

annotate service.IncidentSamples with @title: '{i18n>Samples}' {
  incident  @title: '{i18n>Incident}';
  time      @title: '{i18n>SampleTime}';
  value     @title: '{i18n>SampleValue}'  @Measures.Unit: unit;
  quality   @title: '{i18n>Quality}';
  threshold @title: '{i18n>Threshold}'    @Measures.Unit: unit;
  unit      @title: '{i18n>Unit}';
};
