// Each destination's circuit breaker: a tab of the monitor's list. Breakers are read-only and have no
// object page: the manifest gives the table a creation mode other than NewPage, which would need one
using MonitoringService as service from '../../../srv/monitoring-service';

annotate service.DestinationBreakers with @(
  UI.HeaderInfo: { TypeName: '{i18n>DestinationBreaker}', TypeNamePlural: '{i18n>DestinationBreakers}', Title: { Value: destination } },
  UI.LineItem #breakers: [
    { Value: destination }, { Value: instance }, { Value: state_code, Criticality: state.criticality }, { Value: lastError }, { Value: changedAt },
    { Value: consecutiveFailures }, { Value: nextProbeAt }, { Value: openedAt }
  ],
  UI.SelectionPresentationVariant #breakers: {
    Text: '{i18n>DestinationBreakers}',
    SelectionVariant: { SelectOptions: [] },
    PresentationVariant: { SortOrder: [{ Property: destination }, { Property: instance }], Visualizations: ['@UI.LineItem#breakers'] }
  }
);
