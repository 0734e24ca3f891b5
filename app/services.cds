// Everything the apps add to the services, aggregated for `cds` (app/ is a model folder).
using from './labels';
using from './rules-actions/annotations';
using from './monitor/annotations';
using from './incidents/annotations/incidents';
