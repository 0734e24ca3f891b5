#!/usr/bin/env bash
# Builds the Fiori apps for the HTML5 application repository with UI5 tooling (offline: SAPUI5
# 1.136.20 from the npm registry, cached in ~/.ui5 or $UI5_DATA_DIR): each app's ui5-deploy.yaml
# makes the preload bundle (Component-preload.js) and zips the build result into
# app/<app>/dist/<archive>.zip (e2barulesactions, e2bamonitor, e2baincidents), the artifacts the
# mta.yaml app-content module uploads. ui5.yaml stays the local dev-server config (cds-plugin-ui5).
#
# Usage: scripts/build/apps.sh [app ...]   (default: rules-actions monitor incidents)
set -euo pipefail
cd "$(dirname "$0")/../.."

# the UI5 CLI and the pinned Node of the root node_modules, as under npm run
export PATH="$PWD/node_modules/.bin:$PATH"
ui5="$PWD/node_modules/.bin/ui5"
[ -x "$ui5" ] || { echo "no UI5 CLI at $ui5: run npm ci first" >&2; exit 1; }

apps=("$@")
[ "${#apps[@]}" -gt 0 ] || apps=(rules-actions monitor incidents)

for app in "${apps[@]}"; do
  [ -f "app/$app/ui5-deploy.yaml" ] || { echo "unknown app '$app': no app/$app/ui5-deploy.yaml" >&2; exit 1; }
  echo "building app/$app"
  (cd "app/$app" && "$ui5" build --config ui5-deploy.yaml --clean-dest)
  zip=$(ls "app/$app/dist/"*.zip 2>/dev/null | head -n1 || true)
  [ -n "$zip" ] || { echo "app/$app: the build made no zip" >&2; exit 1; }
  echo "app/$app -> $zip"
done
