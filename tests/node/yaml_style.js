// Formats values as the web editor (Decap CMS 3) saves them, with its own copy of the
// npm library `yaml` 1.10.3 and gray-matter: decap-cms-core/src/formats/yaml.ts `toFile`
// and frontmatter.ts `toFile`, repeated here because they are TypeScript in the package.
// Reads JSON [{data, order, body}] on stdin (body: null for a YAML file), writes JSON
// [text, ...] on stdout. Run from the project root: node tests/node/yaml_style.js
'use strict';
const path = require('path');
const core = path.join(process.cwd(), 'node_modules', 'decap-cms-core');
const yaml = require(path.join(core, 'node_modules', 'yaml'));
const matter = require(require.resolve('gray-matter', { paths: [core] }));

function sortKeys(sortedKeys, selector) {
  return (a, b) => {
    const idxA = sortedKeys.indexOf(selector(a));
    const idxB = sortedKeys.indexOf(selector(b));
    if (idxA === -1 || idxB === -1) return 0;
    if (idxA > idxB) return 1;
    if (idxA < idxB) return -1;
    return 0;
  };
}

function toYaml(data, sortedKeys = []) {
  const contents = yaml.createNode(data);
  contents.items.sort(sortKeys(sortedKeys, item => item.key?.toString()));
  const doc = new yaml.Document();
  doc.contents = contents;
  return doc.toString();
}

const engines = {
  yaml: {
    parse: input => yaml.parse(input),
    stringify: (metadata, opts) => toYaml(metadata, (opts || {}).sortedKeys),
  },
};

function toFrontMatter(meta, body, sortedKeys) {
  const trimLastLineBreak = body.slice(-1) !== '\n';
  const file = matter.stringify(body, meta, {
    engines, sortedKeys, language: 'yaml', delimiters: '---',
  });
  return trimLastLineBreak && file.slice(-1) === '\n' ? file.slice(0, -1) : file;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const out = JSON.parse(input).map(({ data, order, body }) =>
    body === null || body === undefined ? toYaml(data, order) : toFrontMatter(data, body, order));
  process.stdout.write(JSON.stringify(out));
});
