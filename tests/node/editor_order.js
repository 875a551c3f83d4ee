// What the web editor writes for each file after our preSave listener
// (portal/editor/order.js): the file's values as Decap holds them, Immutable.js maps made
// by `fromJS` (where a map of more than 8 keys goes in its keys' hash order), put in the
// canonical order by order.js (unless `reorder` is false: a statement's other languages,
// which Decap does not give to the listener), then written with Decap's own `yaml`
// 1.10.3 and gray-matter as entryToRaw does (tests/node/yaml_style.js).
// Reads JSON {table, cases: [{data, path, collection, order, body, reorder}]} on stdin
// (body: null for a YAML file), writes JSON [text, ...]. Run from the project root.
'use strict';
const path = require('path');
const { fromJS } = require(path.join(process.cwd(), 'node_modules', 'immutable'));
const { arrange, nodeOf } = require(path.join(process.cwd(), 'portal', 'editor', 'order.js'));
const { toYaml, toFrontMatter } = require('./yaml_style.js');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const { table, cases } = JSON.parse(input);
  const out = cases.map(({ data, path: file, collection, order, body, reorder }) => {
    let held = fromJS(data);
    if (reorder) {
      const node = nodeOf(table, fromJS({ path: file, collection }));
      if (node) held = arrange(held, node);
    }
    const values = held.toJS();
    const text = body === null || body === undefined ? toYaml(values, order)
      : toFrontMatter(values, body, order);
    return text.slice(-1) === '\n' ? text : text + '\n';  // as entryToRaw ends a file
  });
  process.stdout.write(JSON.stringify(out));
});
