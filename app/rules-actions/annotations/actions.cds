// Actions by kind: each kind's settings in its own section, shown only for that kind
using AdminService as service from '../../../srv/admin-service';

annotate service.Actions with @(
  UI.HeaderInfo: {
    TypeName: '{i18n>Action}', TypeNamePlural: '{i18n>Actions}',
    Title: { Value: name }, Description: { Value: description }
  },
  UI.SelectionFields: [ kind_code ],
  UI.LineItem: [ { Value: name }, { Value: kind_code }, { Value: destination }, { Value: path }, { Value: maxAttempts } ],
  UI.SelectionPresentationVariant #actions: {
    Text: '{i18n>Actions}',
    SelectionVariant: { SelectOptions: [] },
    PresentationVariant: { SortOrder: [{ Property: name }], Visualizations: ['@UI.LineItem'] }
  },
  UI.Facets: [
    { $Type: 'UI.ReferenceFacet', ID: 'General', Label: '{i18n>General}', Target: '@UI.FieldGroup#General' },
    { $Type: 'UI.ReferenceFacet', ID: 'Call', Label: '{i18n>Call}', Target: '@UI.FieldGroup#Call',
      @UI.Hidden: { $edmJson: { $Eq: [ { $Path: 'kind_code' }, 'AI_SUMMARY' ] } } },
    { $Type: 'UI.ReferenceFacet', ID: 'Notification', Label: '{i18n>NotificationSettings}', Target: '@UI.FieldGroup#Notification',
      @UI.Hidden: { $edmJson: { $Ne: [ { $Path: 'kind_code' }, 'S4_MAINTENANCE_NOTIFICATION' ] } } },
    { $Type: 'UI.ReferenceFacet', ID: 'Requisition', Label: '{i18n>RequisitionSettings}', Target: '@UI.FieldGroup#Requisition',
      @UI.Hidden: { $edmJson: { $Ne: [ { $Path: 'kind_code' }, 'S4_PURCHASE_REQUISITION' ] } } },
    { $Type: 'UI.ReferenceFacet', ID: 'Decision', Label: '{i18n>DecisionSettings}', Target: '@UI.FieldGroup#Decision',
      @UI.Hidden: { $edmJson: { $Ne: [ { $Path: 'kind_code' }, 'BPA_DECISION' ] } } },
    { $Type: 'UI.ReferenceFacet', ID: 'Summary', Label: '{i18n>SummarySettings}', Target: '@UI.FieldGroup#Summary',
      @UI.Hidden: { $edmJson: { $Ne: [ { $Path: 'kind_code' }, 'AI_SUMMARY' ] } } }
  ],
  UI.FieldGroup #General: { Data: [ { Value: name }, { Value: description }, { Value: kind_code }, { Value: timeoutSeconds }, { Value: maxAttempts }, { Value: retryHorizonMinutes }, { Value: commitWindowSeconds } ] },
  UI.FieldGroup #Call: { Data: [
    { Value: destination }, { Value: path }, { Value: method_code }, { Value: contentType }, { Value: csrfRequired }, { Value: payloadTemplate }
  ] },
  UI.FieldGroup #Notification: { Data: [ { Value: notificationType_code }, { Value: priority_code }, { Value: technicalObjectType_code } ] },
  UI.FieldGroup #Requisition: { Data: [
    { Value: requisitionType }, { Value: material }, { Value: plant }, { Value: quantity }, { Value: unitOfMeasure },
    { Value: purchasingGroup }, { Value: purchasingOrganization }
  ] },
  UI.FieldGroup #Decision: { Data: [ { Value: ruleServiceId }, { Value: ruleServiceVersion }, { Value: resultPath } ] },
  UI.FieldGroup #Summary: { Data: [ { Value: model }, { Value: promptTemplate } ] }
) {
  kind                @Common.ValueListWithFixedValues;
  method              @Common.ValueListWithFixedValues  @UI.Hidden: { $edmJson: { $Ne: [ { $Path: 'kind_code' }, 'HTTP' ] } };
  notificationType    @Common.ValueListWithFixedValues;
  priority            @Common.ValueListWithFixedValues;
  technicalObjectType @Common.ValueListWithFixedValues;
  contentType         @UI.Hidden: { $edmJson: { $Ne: [ { $Path: 'kind_code' }, 'HTTP' ] } };
  destination         @Common.ValueList: {
    CollectionPath: 'Destinations',
    Parameters: [ { $Type: 'Common.ValueListParameterInOut', LocalDataProperty: destination, ValueListProperty: 'name' } ]
  };
};

annotate service.Destinations with {
  name @title: '{i18n>Destination}';
};

annotate service.Actions with {
  ID @Common.Text: name  @Common.TextArrangement: #TextOnly  @UI.Hidden;
};
