// Runs our editor script (admin/translations.js as the build publishes it) outside a
// browser and prints the fingerprint it computes for each text, to compare with Python's
// (portal/content/freshness.py).
// Usage: node translations.cjs SCRIPT < texts.json → prints a JSON list of fingerprints
'use strict';
const fs = require('fs');

const window = {};  // no CMS: the script only defines its functions
new Function('window', fs.readFileSync(process.argv[2], 'utf8'))(window);
const texts = JSON.parse(fs.readFileSync(0, 'utf8'));
Promise.all(texts.map(t => window.portalTranslations.fingerprint(t))).then(found => {
  process.stdout.write(JSON.stringify(found));
});
