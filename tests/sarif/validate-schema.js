// validate-schema.js - checks SARIF logs against the SARIF 2.1.0 JSON schema with ajv.
// Usage: node validate-schema.js NODE_MODULES SCHEMA LOG...
// Prints one line per log ("LOG: valid" or its first errors) and exits 1 when one is invalid.
'use strict';
const fs = require('fs');
const path = require('path');
const [modules, schemaPath, ...logs] = process.argv.slice(2);
const Ajv2020 = require(path.join(modules, 'ajv/dist/2020')).default;
const addFormats = require(path.join(modules, 'ajv-formats')).default;

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
let bad = 0;
for (const log of logs) {
  const data = JSON.parse(fs.readFileSync(log, 'utf8'));
  if (validate(data)) {
    console.log(`${log}: valid`);
    continue;
  }
  bad++;
  console.log(`${log}: ${validate.errors.length} schema errors`);
  for (const e of validate.errors.slice(0, 10))
    console.log(`  ${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`);
}
process.exit(bad ? 1 : 0);
