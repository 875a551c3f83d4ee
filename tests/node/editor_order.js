// What the web editor writes for each file after our preSave listener
// (portal/editor/order.js): the file's values as Decap holds them, Immutable.js maps made
// by `fromJS` (where a map of more than 8 keys goes in its keys' hash order), put in the
// canonical order by order.js (unless `reorder` is false), then written with Decap's own `yaml`
// 1.10.3 and gray-matter as entryToRaw does (tests/node/yaml_style.js).
// Reads JSON {table, cases: [{data, path, collection, order, body, reorder}]} on stdin
// (body: null for a YAML file), writes JSON [[text, ...], ...]. Run from the project root.
'use strict';
const path = require('path');
const { fromJS } = require(path.join(process.cwd(), 'node_modules', 'immutable'));
const { ordered } = require(path.join(process.cwd(), 'portal', 'editor', 'order.js'));
const { toYaml, toFrontMatter } = require('./yaml_style.js');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const { table, cases } = JSON.parse(input);
  const write = (held, order, body) => {
    const values = held.toJS();
    const text = body === null || body === undefined ? toYaml(values, order)
      : toFrontMatter(values, body, order);
    return text.slice(-1) === '\n' ? text : text + '\n';  // as entryToRaw ends a file
  };
  // each file as an entry's data and, for a statement or page, as another language's
  // too (entry.i18n): [as the data, as the other language] ([text] for a YAML file)
  const out = cases.map(({ data, path: file, collection, order, body, reorder }) => {
    let entry = fromJS({ path: file, collection, data });
    if (body !== null && body !== undefined) entry = entry.setIn(['i18n', 'xx', 'data'], fromJS(data));
    if (reorder) entry = ordered(entry, table);
    const texts = [write(entry.get('data'), order, body)];
    if (entry.get('i18n')) texts.push(write(entry.getIn(['i18n', 'xx', 'data']), order, body));
    return texts;
  });
  process.stdout.write(JSON.stringify(out));
});
