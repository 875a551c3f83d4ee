// Reads a Decap CMS config.yml as Decap does and validates it with Decap's own schema
// (decap-cms-core/dist/esm/constants/configSchema.js, with the widgets decap-cms-app
// registers), then compiles every field pattern as Decap does (RegExp, no flags).
// With OURS (admin/translations.js as the build publishes it), the widget it registers is
// known too, with the schema it registers, as in the browser.
// Usage: node decap_config.cjs NODE_MODULES CONFIG.yml [OURS] → prints JSON {config, errors}
// or:    node decap_config.cjs NODE_MODULES --match PATTERN < values.json → JSON booleans
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const modules = process.argv[2];
const core = path.join(modules, 'decap-cms-core');
const coreRequire = createRequire(path.join(core, 'package.json'));

if (process.argv[3] === '--match') {
  const pattern = process.argv[4];
  const values = JSON.parse(fs.readFileSync(0, 'utf8'));
  process.stdout.write(JSON.stringify(values.map(v => RegExp(pattern).test(v))));
  process.exit(0);
}

function evaluateDefault(file) {
  const text = fs.readFileSync(file, 'utf8').replace(/^export default /m, 'return ');
  return new Function(text)();
}

function widgets() {
  // The widgets decap-cms-app registers, each with its schema (if it has one), and the
  // core's own `unknown` widget.
  const app = fs.readFileSync(path.join(modules, 'decap-cms-app/src/extensions.js'), 'utf8');
  const registered = [...app.matchAll(/(DecapCmsWidget\w+)\.Widget\(\)/g)].map(m => m[1]);
  const found = [{ name: 'unknown', schema: {} }];  // registerWidget's default schema is {}
  for (const dir of fs.readdirSync(modules).filter(d => d.startsWith('decap-cms-widget-'))) {
    const index = fs.readFileSync(path.join(modules, dir, 'src/index.js'), 'utf8');
    const exported = /export const (DecapCmsWidget\w+)/.exec(index);
    if (!exported || !registered.includes(exported[1])) continue;
    const name = /name: '([\w-]+)'/.exec(index)[1];
    const schemaFile = path.join(modules, dir, 'dist/esm/schema.js');
    found.push({ name, schema: fs.existsSync(schemaFile) ? evaluateDefault(schemaFile) : {} });
  }
  if (process.argv[4]) {
    // our script, run as the admin page runs it after decap-cms.js
    const window = {
      createClass: spec => spec, h: () => null,
      CMS: {
        registerWidget: (name, control, preview, schema) => found.push({ name, schema }),
        registerEventListener: () => {},
      },
    };
    new Function('window', fs.readFileSync(process.argv[4], 'utf8'))(window);
  }
  return found;
}

function validator() {
  let source = fs.readFileSync(path.join(core, 'dist/esm/constants/configSchema.js'), 'utf8');
  source = source.replace(/^import .*$/gm, '').replace(/^export function/m, 'function');
  const keywords = coreRequire('ajv-keywords/dist/keywords');
  const ajvErrors = coreRequire('ajv-errors');
  const scope = {
    AJV: coreRequire('ajv').default,
    select: keywords.select,
    uniqueItemProperties: keywords.uniqueItemProperties,
    instanceOf: keywords.instanceof,
    prohibited: keywords.prohibited,
    ajvErrors: ajvErrors.default || ajvErrors,
    getWidgets: widgets,
    frontmatterFormats: ['yaml-frontmatter', 'toml-frontmatter', 'json-frontmatter'],
    extensionFormatters: { yml: 1, yaml: 1, toml: 1, json: 1, md: 1, markdown: 1, html: 1 },
    I18N_STRUCTURE: { MULTIPLE_FOLDERS: 'multiple_folders', MULTIPLE_FILES: 'multiple_files', SINGLE_FILE: 'single_file' },
    I18N_FIELD: { TRANSLATE: 'translate', DUPLICATE: 'duplicate', NONE: 'none' },
  };
  const names = Object.keys(scope);
  const make = new Function(...names, `${source}\nreturn validateConfig;`);
  return make(...names.map(n => scope[n]));
}

function patterns(fields, where, errors) {
  for (const field of fields || []) {
    const here = `${where}.${field.name}`;
    if (field.pattern) {
      try { RegExp(field.pattern[0]); } catch (e) { errors.push(`${here}: ${e.message}`); }
    }
    patterns(field.fields, here, errors);
    if (field.field) patterns([field.field], here, errors);
  }
}

const yaml = coreRequire('yaml');
const text = fs.readFileSync(process.argv[3], 'utf8');
// As decap-cms-core/src/actions/config.ts parseConfig reads it.
const config = yaml.parse(text, { maxAliasCount: -1, prettyErrors: true, merge: true });
const errors = [];
console.error = () => {};  // validateConfig logs what it throws
try {
  validator()(config);
} catch (error) {
  errors.push(String(error.message || error));
}
for (const collection of config.collections || []) {
  patterns(collection.fields, collection.name, errors);
  for (const file of collection.files || []) patterns(file.fields, `${collection.name}.${file.name}`, errors);
}
process.stdout.write(JSON.stringify({ config, errors }));
