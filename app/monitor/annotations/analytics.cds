// The charts of events and the header's KPIs: aggregation over the monitoring projections
using MonitoringService as service from '../../../srv/monitoring-service';

annotate service.Events with @(
  Aggregation.ApplySupported: {
    Transformations: [ 'aggregate', 'groupby', 'filter', 'orderby', 'top', 'skip', 'search', 'identity', 'concat' ],
    GroupableProperties: [ receivedOn, status_code, statusName, assetName, anomalyType_code, anomalyTypeName, severity_code, severityName ],
    AggregatableProperties: [ { Property: eventCount } ]
  },
  Aggregation.CustomAggregate #eventCount: 'Edm.Int32',
  UI.Chart #overTime: {
    Title: '{i18n>EventsOverTime}',
    ChartType: #ColumnStacked,
    Dimensions: [ receivedOn, status_code ],
    DimensionAttributes: [
      { Dimension: receivedOn, Role: #Category },
      { Dimension: status_code, Role: #Series }
    ],
    Measures: [ eventCount ],
    MeasureAttributes: [ { Measure: eventCount, Role: #Axis1 } ]
  },
  UI.Chart #byAsset: {
    Title: '{i18n>EventsByAsset}',
    ChartType: #Bar,
    Dimensions: [ assetName ],
    DimensionAttributes: [ { Dimension: assetName, Role: #Category } ],
    Measures: [ eventCount ],
    MeasureAttributes: [ { Measure: eventCount, Role: #Axis1 } ]
  },
  UI.SelectionPresentationVariant #chart: {
    Text: '{i18n>EventsOverTime}',
    SelectionVariant: { SelectOptions: [] },
    PresentationVariant: { SortOrder: [ { Property: receivedOn } ], Visualizations: ['@UI.Chart#overTime'] }
  },
  UI.SelectionPresentationVariant #byAsset: {
    Text: '{i18n>EventsByAsset}',
    SelectionVariant: { SelectOptions: [] },
    PresentationVariant: { Visualizations: ['@UI.Chart#byAsset'] }
  }
) {
  eventCount      @Analytics.Measure  @Aggregation.default: #SUM;
  receivedOn      @Analytics.Dimension;
  status          @Analytics.Dimension  @Common.Text: statusName       @Common.TextArrangement: #TextOnly;
  anomalyType     @Common.Text: anomalyTypeName  @Common.TextArrangement: #TextOnly;
  severity        @Common.Text: severityName     @Common.TextArrangement: #TextOnly;
  assetName       @Analytics.Dimension;
  statusName      @title: '{i18n>Status}'       @UI.Hidden;
  anomalyTypeName @title: '{i18n>AnomalyType}'  @UI.Hidden;
  severityName    @title: '{i18n>Severity}'     @UI.Hidden;
};

// The header's KPI tags: the Kpis entity's one row (the last 24 hours), aggregated as FE's KPI tags read it.
// A tag shows its title's first letters, so titles are one word each; the card behind a tag gives the
// description and a chart (FE shows no KPI without one).
annotate service.Kpis with @(
  Aggregation.ApplySupported: {
    Transformations: [ 'aggregate', 'groupby', 'filter' ],
    GroupableProperties: [ period, periodName ],
    AggregatableProperties: [
      { Property: events }, { Property: failed }, { Property: suppressedShare }, { Property: medianSecondsToNotification }
    ]
  },
  Aggregation.CustomAggregate #events: 'Edm.Int32',
  Aggregation.CustomAggregate #failed: 'Edm.Int32',
  Aggregation.CustomAggregate #suppressedShare: 'Edm.Decimal',
  Aggregation.CustomAggregate #medianSecondsToNotification: 'Edm.Decimal',
  UI.KPI #events: {
    DataPoint: { Value: events, Title: '{i18n>KpiEvents}', Description: '{i18n>KpiEventsDescription}' },
    SelectionVariant: { SelectOptions: [] },
    Detail: { DefaultPresentationVariant: { Visualizations: ['@UI.Chart#events'] } }
  },
  UI.KPI #failed: {
    DataPoint: {
      Value: failed, Title: '{i18n>KpiFailed}', Description: '{i18n>KpiFailedDescription}',
      // none failed is good, any is bad
      CriticalityCalculation: { ImprovementDirection: #Minimize, ToleranceRangeHighValue: 0, DeviationRangeHighValue: 0 }
    },
    SelectionVariant: { SelectOptions: [] },
    Detail: { DefaultPresentationVariant: { Visualizations: ['@UI.Chart#failed'] } }
  },
  UI.KPI #suppressed: {
    DataPoint: { Value: suppressedShare, Title: '{i18n>KpiSuppressed}', Description: '{i18n>KpiSuppressedDescription}', ValueFormat: { NumberOfFractionalDigits: 1 } },
    SelectionVariant: { SelectOptions: [] },
    Detail: { DefaultPresentationVariant: { Visualizations: ['@UI.Chart#suppressed'] } }
  },
  UI.KPI #latency: {
    DataPoint: { Value: medianSecondsToNotification, Title: '{i18n>KpiLatency}', Description: '{i18n>KpiLatencyDescription}', ValueFormat: { NumberOfFractionalDigits: 1 } },
    SelectionVariant: { SelectOptions: [] },
    Detail: { DefaultPresentationVariant: { Visualizations: ['@UI.Chart#latency'] } }
  },
  UI.Chart #events: { ChartType: #Column, Dimensions: [ periodName ], Measures: [ events ] },
  UI.Chart #failed: { ChartType: #Column, Dimensions: [ periodName ], Measures: [ failed ] },
  UI.Chart #suppressed: { ChartType: #Column, Dimensions: [ periodName ], Measures: [ suppressedShare ] },
  UI.Chart #latency: { ChartType: #Column, Dimensions: [ periodName ], Measures: [ medianSecondsToNotification ] }
) {
  period                      @title: '{i18n>KpiPeriod}';
  periodName                  @title: '{i18n>KpiPeriod}';
  events                      @title: '{i18n>KpiEventsDescription}'     @Analytics.Measure  @Aggregation.default: #MAX;
  failed                      @title: '{i18n>KpiFailedDescription}'     @Analytics.Measure  @Aggregation.default: #MAX;
  suppressed                  @title: '{i18n>KpiSuppressedCount}';
  suppressedShare             @title: '{i18n>KpiSuppressedDescription}' @Analytics.Measure  @Aggregation.default: #MAX  @Measures.Unit: '%';
  notifications               @title: '{i18n>KpiNotifications}';
  medianSecondsToNotification @title: '{i18n>KpiLatencyDescription}'    @Analytics.Measure  @Aggregation.default: #MAX  @Measures.Unit: 's';
};
