// cds loads .ts service implementations only when told to (cds-tsx does this for `npm start`)
process.env.CDS_TYPESCRIPT = 'true'
// quiet server logs; CDS_TEST_SILENT=false shows them when a test needs explaining
process.env.CDS_TEST_SILENT ??= 'true'
