#!/usr/bin/env bash
# Production build: CDS artifacts for HANA and the service (cds build), then the TypeScript
# handlers and the generated model types compiled to JavaScript in place of the copied .ts sources.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf gen
cds-typer "*" --outputDirectory @cds-models
cds build --production
find gen/srv -name '*.ts' -delete
rm -f gen/srv/jest.config.js gen/srv/jest.preset.js gen/db/contract.ts
tsc -p tsconfig.build.json
