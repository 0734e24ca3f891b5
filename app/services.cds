// Everything the apps add to the services, aggregated for `cds` (app/ is a model folder).
using from './labels';
