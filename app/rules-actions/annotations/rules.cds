// Rules: the decision table, in priority order, with their conditions and outcome
using AdminService as service from '../../../srv/admin-service';

annotate service.Rules with @(
  UI.HeaderInfo: {
    TypeName: '{i18n>Rule}', TypeNamePlural: '{i18n>Rules}',
    Title: { Value: name }, Description: { Value: description }
  },
  UI.SelectionFields: [ active, measurement_code, anomalyType_code, outcome_code ],
  // High: these columns stay visible however narrow the screen; the rest moves behind "Show Details"
  UI.LineItem: [
    { $Type: 'UI.DataFieldForAction', Action: 'AdminService.EntityContainer/dryRun', Label: '{i18n>DryRun}' },
    { Value: priority, @UI.Importance: #High },
    { Value: name, @UI.Importance: #High },
    { Value: active, @UI.Importance: #High },
    { Value: measurement_code, @UI.Importance: #Medium },
    { Value: anomalyType_code, @UI.Importance: #Medium },
    { Value: minSeverity_code, @UI.Importance: #High },
    { Value: assetPattern, @UI.Importance: #Low },
    { $Type: 'UI.DataFieldForAnnotation', Target: '@UI.FieldGroup#OutcomeColumn', Label: '{i18n>Outcome}', @UI.Importance: #High },
    { Value: suppressionMinutes, @UI.Importance: #High }
  ],
  // the outcome and what it runs: the chain, or the decision action that names one (field control hides the other)
  UI.FieldGroup #OutcomeColumn: { Data: [ { Value: outcome_code }, { Value: chain_ID }, { Value: decisionAction_ID } ] },
  UI.PresentationVariant: { SortOrder: [{ Property: priority }], Visualizations: ['@UI.LineItem'] },
  UI.SelectionPresentationVariant #rules: {
    Text: '{i18n>Rules}',
    SelectionVariant: { SelectOptions: [] },
    PresentationVariant: { SortOrder: [{ Property: priority }], Visualizations: ['@UI.LineItem'] }
  },
  UI.Facets: [
    { $Type: 'UI.ReferenceFacet', ID: 'General', Label: '{i18n>General}', Target: '@UI.FieldGroup#General' },
    { $Type: 'UI.ReferenceFacet', ID: 'Conditions', Label: '{i18n>Conditions}', Target: '@UI.FieldGroup#Conditions' },
    { $Type: 'UI.ReferenceFacet', ID: 'Outcome', Label: '{i18n>Outcome}', Target: '@UI.FieldGroup#Outcome' }
  ],
  UI.FieldGroup #General: { Data: [ { Value: name }, { Value: description }, { Value: priority }, { Value: active } ] },
  UI.FieldGroup #Conditions: { Data: [
    { Value: sourcePattern }, { Value: assetPattern }, { Value: measurement_code }, { Value: anomalyType_code },
    { Value: minSeverity_code }, { Value: minValue }, { Value: maxValue }
  ] },
  UI.FieldGroup #Outcome: { Data: [ { Value: outcome_code }, { Value: chain_ID }, { Value: decisionAction_ID }, { Value: suppressionMinutes } ] }
) {
  // field control: only the setting the outcome needs is shown
  chain          @UI.Hidden: { $edmJson: { $Eq: [ { $Path: 'outcome_code' }, 'DELEGATE_BPA' ] } };
  decisionAction @UI.Hidden: { $edmJson: { $Ne: [ { $Path: 'outcome_code' }, 'DELEGATE_BPA' ] } };
  priority       @Common.QuickInfo: '{i18n>PriorityHint}';
  outcome        @Common.ValueListWithFixedValues;
  measurement    @Common.ValueListWithFixedValues;
  anomalyType    @Common.ValueListWithFixedValues;
  minSeverity    @Common.ValueListWithFixedValues;
  chain          @Common.ValueList: {
    CollectionPath: 'Chains',
    Parameters: [
      { $Type: 'Common.ValueListParameterInOut', LocalDataProperty: chain_ID, ValueListProperty: 'ID' },
      { $Type: 'Common.ValueListParameterDisplayOnly', ValueListProperty: 'name' },
      { $Type: 'Common.ValueListParameterDisplayOnly', ValueListProperty: 'description' }
    ]
  };
  decisionAction @Common.ValueList: {
    CollectionPath: 'Actions',
    Parameters: [
      { $Type: 'Common.ValueListParameterInOut', LocalDataProperty: decisionAction_ID, ValueListProperty: 'ID' },
      { $Type: 'Common.ValueListParameterConstant', ValueListProperty: 'kind_code', Constant: 'BPA_DECISION' },
      { $Type: 'Common.ValueListParameterDisplayOnly', ValueListProperty: 'name' }
    ]
  };
};
