#!/usr/bin/env node
"use strict";

/*
 * Validates APL documents with apl-suggester, Amazon's APL validator.
 *
 *   node validate_apl.js <document JSON> ...
 *
 * Prints one JSON line per document: {"file": ..., "problems": [{path, errorMessage, level}]};
 * an empty list means clean. Exits 1 when any document has a problem, 2 on bad arguments.
 */

const fs = require("fs");
const { StaticAplTemplateValidator } = require("apl-suggester");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node validate_apl.js <document JSON> ...");
    return 2;
  }
  const validator = new StaticAplTemplateValidator();
  let failed = false;
  for (const file of files) {
    const problems = await validator.validate(JSON.parse(fs.readFileSync(file, "utf8")));
    failed = failed || problems.length > 0;
    console.log(JSON.stringify({ file, problems }));
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exit(1);
  }
);
