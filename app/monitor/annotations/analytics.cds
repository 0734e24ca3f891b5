// The chart of events over time and the KPIs: aggregation over the monitoring projections
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
  },
  UI.KPI #failed: {
    DataPoint: { Value: eventCount, Title: '{i18n>FailedEvents}', Criticality: #Negative },
    SelectionVariant: { SelectOptions: [ { PropertyName: status_code, Ranges: [ { Sign: #I, Option: #EQ, Low: 'FAILED' } ] } ] },
    Detail: { DefaultPresentationVariant: { Visualizations: ['@UI.Chart#byAsset'] } }
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

annotate service.Incidents with @(
  Aggregation.ApplySupported: {
    Transformations: [ 'aggregate', 'groupby', 'filter' ],
    GroupableProperties: [ status_code, assetName, anomalyType_code ],
    AggregatableProperties: [ { Property: incidentCount } ]
  },
  Aggregation.CustomAggregate #incidentCount: 'Edm.Int32',
  UI.KPI #open: {
    DataPoint: { Value: incidentCount, Title: '{i18n>OpenIncidents}', Criticality: #Critical },
    SelectionVariant: { SelectOptions: [ { PropertyName: status_code, Ranges: [ { Sign: #I, Option: #EQ, Low: 'OPEN' } ] } ] }
  }
) {
  incidentCount @title: '{i18n>IncidentCount}'  @Analytics.Measure  @Aggregation.default: #SUM;
};

annotate service.ActionRuns with @(
  Aggregation.ApplySupported: {
    Transformations: [ 'aggregate', 'groupby', 'filter' ],
    GroupableProperties: [ actionKind, status_code, finishedLastDay ],
    AggregatableProperties: [ { Property: runCount } ]
  },
  Aggregation.CustomAggregate #runCount: 'Edm.Int32',
  UI.KPI #notificationsLastDay: {
    DataPoint: { Value: runCount, Title: '{i18n>NotificationsLastDay}', Criticality: #Positive },
    SelectionVariant: { SelectOptions: [
      { PropertyName: actionKind, Ranges: [ { Sign: #I, Option: #EQ, Low: 'S4_MAINTENANCE_NOTIFICATION' } ] },
      { PropertyName: status_code, Ranges: [ { Sign: #I, Option: #EQ, Low: 'SUCCEEDED' } ] },
      { PropertyName: finishedLastDay, Ranges: [ { Sign: #I, Option: #EQ, Low: true } ] }
    ] }
  }
) {
  runCount @Analytics.Measure  @Aggregation.default: #SUM;
};
