// Each destination's circuit breaker: a tab of the monitor's list
using MonitoringService as service from '../../../srv/monitoring-service';

annotate service.DestinationBreakers with @(
  UI.HeaderInfo: { TypeName: '{i18n>DestinationBreaker}', TypeNamePlural: '{i18n>DestinationBreakers}', Title: { Value: destination } },
  UI.LineItem: [
    { Value: destination }, { Value: state_code, Criticality: state.criticality }, { Value: consecutiveFailures },
    { Value: nextProbeAt }, { Value: openedAt }, { Value: lastError }, { Value: changedAt }
  ],
  UI.SelectionPresentationVariant #breakers: {
    Text: '{i18n>DestinationBreakers}',
    SelectionVariant: { SelectOptions: [] },
    PresentationVariant: { SortOrder: [{ Property: destination }], Visualizations: ['@UI.LineItem'] }
  }
);
