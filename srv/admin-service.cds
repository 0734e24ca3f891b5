using { e2ba as db } from '../db/schema';

/** Configuration of the decision table, actions and chains; admins only */
@requires: 'Admin'
service AdminService {
  @odata.draft.enabled
  entity Rules   as projection on db.Rules;

  @odata.draft.enabled
  entity Chains  as projection on db.Chains;

  entity ChainSteps as projection on db.ChainSteps;

  @odata.draft.enabled
  entity Actions as projection on db.Actions;

  @odata.draft.enabled
  entity Assets  as projection on db.Assets;
}
