// The dry run: paste an event or pick a received one
using AdminService as service from '../../../srv/admin-service';

annotate service.dryRun with (
  event  @title: '{i18n>DryRunEvent}'  @UI.MultiLineText  @UI.Placeholder: '{i18n>DryRunEventPlaceholder}',
  sample @title: '{i18n>DryRunSample}' @Common.ValueList: {
    CollectionPath: 'SampleEvents',
    Parameters: [
      { $Type: 'Common.ValueListParameterOut', LocalDataProperty: sample, ValueListProperty: 'ID' },
      { $Type: 'Common.ValueListParameterDisplayOnly', ValueListProperty: 'receivedAt' },
      { $Type: 'Common.ValueListParameterDisplayOnly', ValueListProperty: 'assetName' },
      { $Type: 'Common.ValueListParameterDisplayOnly', ValueListProperty: 'anomalyType_code' },
      { $Type: 'Common.ValueListParameterDisplayOnly', ValueListProperty: 'severity_code' }
    ]
  }
);

annotate service.SampleEvents with {
  ID @title: '{i18n>Event}' @Common.Text: eventId @Common.TextArrangement: #TextOnly;
};
