// Chains: pre-actions, the one main action and post-actions, in explicit order
using AdminService as service from '../../../srv/admin-service';

annotate service.Chains with @(
  UI.HeaderInfo: {
    TypeName: '{i18n>Chain}', TypeNamePlural: '{i18n>Chains}',
    Title: { Value: name }, Description: { Value: description }
  },
  UI.LineItem: [ { Value: name }, { Value: description } ],
  UI.SelectionPresentationVariant #chains: {
    Text: '{i18n>Chains}',
    SelectionVariant: { SelectOptions: [] },
    PresentationVariant: { SortOrder: [{ Property: name }], Visualizations: ['@UI.LineItem'] }
  },
  UI.Facets: [
    { $Type: 'UI.ReferenceFacet', ID: 'General', Label: '{i18n>General}', Target: '@UI.FieldGroup#General' },
    { $Type: 'UI.ReferenceFacet', ID: 'Steps', Label: '{i18n>Steps}', Target: 'steps/@UI.LineItem' }
  ],
  UI.FieldGroup #General: { Data: [ { Value: name }, { Value: description } ] }
);

annotate service.ChainSteps with @(
  UI.HeaderInfo: { TypeName: '{i18n>Step}', TypeNamePlural: '{i18n>Steps}', Title: { Value: action.name } },
  UI.LineItem: [ { Value: phase_code }, { Value: position }, { Value: action_ID } ],
  UI.PresentationVariant: { SortOrder: [ { Property: phase_code, Descending: true }, { Property: position } ], Visualizations: ['@UI.LineItem'] }
) {
  phase  @Common.ValueListWithFixedValues;
  action @Common.ValueList: {
    CollectionPath: 'Actions',
    Parameters: [
      { $Type: 'Common.ValueListParameterInOut', LocalDataProperty: action_ID, ValueListProperty: 'ID' },
      { $Type: 'Common.ValueListParameterDisplayOnly', ValueListProperty: 'name' },
      { $Type: 'Common.ValueListParameterDisplayOnly', ValueListProperty: 'kind_code' }
    ]
  };
};

// typed names resolve in value helps, and IDs show as names
annotate service.Chains with {
  ID @Common.Text: name  @Common.TextArrangement: #TextOnly  @UI.Hidden;
};
