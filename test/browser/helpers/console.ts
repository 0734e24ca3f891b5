/**
 * Console errors (and the one uncaught error below) that SAPUI5 logs in dev-server mode and that do not point at a defect of
 * the apps: the npm packages hold sources without the preload bundles of a built framework,
 * and optional libraries are probed.
 */
const HARMLESS: RegExp[] = [
  // Chromium's line for a failed request: every failed request is checked on its own (harmlessFailedRequest)
  /Failed to load resource: the server responded with a status of/,
  // preload bundle of the launchpad home page, only present in built SAPUI5
  /sap\/ushell\/preload-bundles\/homepage-af-dep\.js/,
  // probed optional libraries, not part of the served library set
  /Refused to execute script from '[^']+\/resources\/sap\/(tnt|insights)\/library\.js'/,
  /Refused to execute script from '[^']+\/resources\/sap\/ushell\/preload-bundles\/homepage-af-dep\.js'/,
  // sap.insights is optional for Fiori elements and not part of the served library set
  /sap\/insights\/library\.js/,
  // sap.tnt is optional for the launchpad shell; SAPUI5 1.136.20 pins OpenUI5 sap.tnt 1.136.18, which the registry lacks
  /sap\/tnt\/library\.js/,
  // sap.fe deprecation notices, logged at error level
  /\[FUTURE FATAL\] PropertyInfo validation is disabled/,
  /\[FUTURE FATAL\] Invalid property definition for property with key '_fe_aggregatable_/,
  /Command '[\w:]+' is not defined in component manifest/,
  // sap.ui.mdc, on a busy machine, thrown (uncaught) while a list report applies its stored app state
  // (sap-iapp-state) before its delegate has loaded; the table renders anyway (the tests see its rows):
  // a race inside the framework, seen intermittently on the Incidents list
  /A delegate instance providing a TypeMap is not \(yet\) available/,
  // the launchpad's icon font collection of the Fiori 2 shell is not registered in the sandbox
  /The font configuration for collection 'Fiori2' is not registered/,
]

export const harmless = (text: string) => HARMLESS.some(pattern => pattern.test(text))

/** Resources SAPUI5 probes that a dev server does not have (see above) */
const PROBED = [/\/resources\/sap\/tnt\/library\.js$/, /\/resources\/sap\/ushell\/preload-bundles\/homepage-af-dep\.js$/, /\/resources\/sap\/insights\/library\.js$/]

export const harmlessFailedRequest = (url: string) => PROBED.some(pattern => pattern.test(url))
