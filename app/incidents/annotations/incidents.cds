// Incidents: open and closed, per asset and fault, with event counts and the notification
using MonitoringService as service from '../../../srv/monitoring-service';

annotate service.Incidents with @(
  UI.HeaderInfo: {
    TypeName: '{i18n>Incident}', TypeNamePlural: '{i18n>Incidents}',
    Title: { Value: assetName }, Description: { Value: anomalyType.name }
  },
  UI.SelectionFields: [ status_code, assetName, anomalyType_code ],
  UI.LineItem: [
    { Value: status_code, Criticality: status.criticality },
    { Value: assetName },
    { Value: anomalyType_code },
    { Value: peakSeverity_code, Criticality: peakSeverity.criticality },
    { Value: eventCount },
    { Value: firstSeen },
    { Value: lastSeen },
    { Value: notificationNumber },
    { Value: rule_ID }
  ],
  UI.PresentationVariant: { SortOrder: [ { Property: lastSeen, Descending: true } ], Visualizations: ['@UI.LineItem'] },
  UI.HeaderFacets: [
    { $Type: 'UI.ReferenceFacet', Target: '@UI.DataPoint#status' },
    { $Type: 'UI.ReferenceFacet', Target: '@UI.DataPoint#eventCount' }
  ],
  UI.DataPoint #status: { Value: status_code, Title: '{i18n>Status}', Criticality: status.criticality },
  UI.DataPoint #eventCount: { Value: eventCount, Title: '{i18n>EventCount}' },
  UI.Facets: [
    { $Type: 'UI.ReferenceFacet', ID: 'Incident', Label: '{i18n>Incident}', Target: '@UI.FieldGroup#Incident' },
    { $Type: 'UI.ReferenceFacet', ID: 'Events', Label: '{i18n>Events}', Target: 'events/@UI.LineItem#inIncident' }
  ],
  UI.FieldGroup #Incident: { Data: [
    { Value: assetId }, { Value: assetName }, { Value: anomalyType_code }, { Value: measurement_code }, { Value: status_code },
    { Value: firstSeen }, { Value: lastSeen }, { Value: suppressUntil }, { Value: eventCount }, { Value: peakValue },
    { Value: peakSeverity_code }, { Value: rule_ID }, { Value: notificationNumber }, { Value: closedAt }
  ] }
) {
  status      @Common.ValueListWithFixedValues;
  anomalyType @Common.ValueListWithFixedValues;
};

annotate service.Events with @(
  UI.LineItem #inIncident: [
    { Value: receivedAt }, { Value: status_code, Criticality: status.criticality }, { Value: severity_code }, { Value: value }, { Value: statusReason }
  ]
);
