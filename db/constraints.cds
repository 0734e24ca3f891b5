/**
 * Cross-field constraints, checked by CAP before commit (and shown as draft messages
 * while an admin edits). Messages are i18n keys in _i18n/messages.properties.
 */
using {
  e2ba.Actions,
  e2ba.Assets,
  e2ba.ChainSteps,
  e2ba.Chains,
  e2ba.Rules
} from './config';

annotate Rules with {
  chain          @assert: (case
    when outcome.code = 'CHAIN' and chain.ID is null then 'RULE_CHAIN_REQUIRED'
  end);
  decisionAction @assert: (case
    when outcome.code = 'DELEGATE_BPA' and decisionAction.ID is null then 'RULE_DECISION_ACTION_REQUIRED'
    when decisionAction.ID is not null and decisionAction.kind.code <> 'BPA_DECISION' then 'RULE_DECISION_ACTION_KIND'
  end);
  maxValue       @assert: (case
    when maxValue < minValue then 'RULE_VALUE_RANGE'
  end);
};

annotate Chains with {
  steps @assert: (case
    when not exists steps[phase.code = 'MAIN'] then 'CHAIN_MAIN_REQUIRED'
  end);
};

annotate ChainSteps with {
  // with the unique (chain, phase, position) this allows exactly one main action per chain
  position @assert: (case
    when phase.code = 'MAIN' and position <> 1 then 'CHAIN_ONE_MAIN'
  end);
};

annotate Actions with {
  destination      @assert: (case
    when kind.code <> 'AI_SUMMARY' and destination is null then 'ACTION_DESTINATION_REQUIRED'
  end);
  path             @assert: (case
    when kind.code <> 'AI_SUMMARY' and path is null then 'ACTION_PATH_REQUIRED'
  end);
  notificationType @assert: (case
    when kind.code = 'S4_MAINTENANCE_NOTIFICATION' and notificationType.code is null then 'ACTION_NOTIFICATION_TYPE_REQUIRED'
  end);
  priority         @assert: (case
    when kind.code = 'S4_MAINTENANCE_NOTIFICATION' and priority.code is null then 'ACTION_PRIORITY_REQUIRED'
  end);
  material         @assert: (case
    when kind.code = 'S4_PURCHASE_REQUISITION' and material is null then 'ACTION_MATERIAL_REQUIRED'
  end);
  quantity         @assert: (case
    when kind.code = 'S4_PURCHASE_REQUISITION' and (quantity is null or quantity <= 0) then 'ACTION_QUANTITY_REQUIRED'
  end);
  ruleServiceId    @assert: (case
    when kind.code = 'BPA_DECISION' and ruleServiceId is null then 'ACTION_RULE_SERVICE_REQUIRED'
  end);
  resultPath       @assert: (case
    when kind.code = 'BPA_DECISION' and resultPath is null then 'ACTION_RESULT_PATH_REQUIRED'
  end);
  model            @assert: (case
    when kind.code = 'AI_SUMMARY' and model is null then 'ACTION_MODEL_REQUIRED'
  end);
};

// references must point at existing rows: an unknown code or ID is a 400, not a dangling key
annotate Rules with {
  measurement    @assert.target;
  anomalyType    @assert.target;
  minSeverity    @assert.target;
  outcome        @assert.target;
  chain          @assert.target;
  decisionAction @assert.target;
};

annotate ChainSteps with {
  phase  @assert.target;
  action @assert.target;
};

annotate Actions with {
  kind                @assert.target;
  method              @assert.target;
  notificationType    @assert.target;
  priority            @assert.target;
  technicalObjectType @assert.target;
};

annotate Assets with {
  kind @assert.target;
};
