/**
 * The local stand-ins as a CAP plugin. CAP loads plugins from the project's dev dependencies
 * only outside production, and the built gen/srv has none, so production never sees them.
 * Nothing is loaded until a server bootstraps: `cds build` and `cds-typer` stay untouched.
 */
const cds = require('@sap/cds')

cds.on('bootstrap', app => require('./src').activate(app))
