#!/usr/bin/env bash
# Production build (what mta.yaml runs):
#   gen/db   HDI deployer content for SAP HANA Cloud (cds build)
#   gen/srv  the service as it runs on Cloud Foundry: csn.json, the handlers compiled to
#            JavaScript, cds-typer's runtime model files, a production package.json and lock
#   app/*/dist  the Fiori apps built with UI5 tooling, zipped for the HTML5 repository
set -euo pipefail
cd "$(dirname "$0")/../.."

rm -rf gen
cds-typer "*" --outputDirectory @cds-models
cds build --production

# cds build copies the TypeScript sources: compile them instead
find gen/srv -name "*.ts" -delete
rm -f gen/srv/jest.config.js gen/srv/jest.preset.js  # root files cds build copies along
tsc -p tsconfig.build.json
# tsc turns cds-typer's index.ts into empty modules; the entity proxies live in its index.js
(cd @cds-models && find . -name index.js -exec cp --parents {} ../gen/srv/@cds-models/ \;)

rm -rf gen/srv/db  # db/contract.ts only lends the handlers its types
# the imported S/4 APIs are in csn.json; neither their EDMX nor OData V4 renderings of them are read at run time
rm -rf gen/srv/srv/external
for api in srv/external/*.csn; do rm -f "gen/srv/srv/odata/v4/$(basename "$api" .csn).xml"; done
tsx scripts/build/server-package.ts
# prune the root lock to what the runtime dependencies need: same versions, nothing resolved anew
(cd gen/srv && npm install --package-lock-only --no-audit --no-fund --loglevel=error)

bash scripts/build/apps.sh
