// Saves every map of an entry in the project's canonical order (portal/checks/order.py),
// as `build.py format` writes it, so that a save changes only the lines edited.
//
// Decap keeps an entry's values in Immutable.js maps, and a Map of more than 8 keys
// iterates in the order of its keys' hashes; Decap sorts only a file's top level when it
// writes it (decap-cms-core backend.ts entryToRaw). This listens for Decap's `preSave`
// event and rebuilds the entry's data, and each language's of a statement or page
// (entry.i18n), as OrderedMaps in the order of admin/order.json (portal/editor/order.py):
// for each map `keys` (others follow in their order), `fields` (the order of each value)
// and, for a list, `items`. A listener's answer can only be the entry's `data`, which
// leaves the other languages out; but Decap saves the entry of the event it passed to
// its listeners (lib/registry.js invokeEvent), so the listener puts the whole entry
// there and answers nothing (as translations.js does; this one is loaded after it, so
// it runs last and orders what that one wrote).
'use strict';
(function () {
  var KEYED = '@@__IMMUTABLE_KEYED__@@';
  var INDEXED = '@@__IMMUTABLE_INDEXED__@@';

  function arrange(value, node) {
    if (!node || value === null || typeof value !== 'object') return value;
    if (value[INDEXED]) {
      return node.items ? value.map(function (item) { return arrange(item, node.items); })
        : value;
    }
    if (!value[KEYED]) return value;
    var fields = node.fields || {};
    var ordered = value.toOrderedMap().clear().asMutable();
    (node.keys || []).forEach(function (key) {
      if (value.has(key)) ordered.set(key, arrange(value.get(key), fields[key]));
    });
    value.forEach(function (item, key) {
      if (!ordered.has(key)) ordered.set(key, arrange(item, fields[key]));
    });
    return ordered.asImmutable();
  }

  function nodeOf(table, entry) {
    var path = entry.get('path');
    return (path && table.files[path]) || table.collections[entry.get('collection')] || null;
  }

  // The entry with its data, and each language's (entry.i18n), in order.
  function ordered(entry, table) {
    var node = nodeOf(table, entry);
    if (!node) return entry;
    entry = entry.set('data', arrange(entry.get('data'), node));
    var languages = entry.get('i18n');
    if (languages && languages[KEYED]) {
      languages.forEach(function (language, code) {
        if (language && language[KEYED] && language.get('data')) {
          entry = entry.setIn(['i18n', code, 'data'], arrange(language.get('data'), node));
        }
      });
    }
    return entry;
  }

  var exported = { arrange: arrange, nodeOf: nodeOf, ordered: ordered };
  if (typeof module !== 'undefined' && module.exports) {  // the node test (tests/node)
    module.exports = exported;
    return;
  }

  // beside this script, wherever the page was opened (/admin or /admin/)
  var table = new URL('order.json', document.currentScript.src).href;

  function preSave(event) {
    return fetch(table, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('admin/order.json: ' + response.status);
        return response.json();
      })
      .then(function (order) {
        event.entry = ordered(event.entry, order);
        return undefined;
      })
      .catch(function (error) {  // saved as Decap writes it: the edit is never lost
        console.error('The canonical order could not be applied: ' + error);
        return undefined;
      });
  }

  window.CMS.registerEventListener({ name: 'preSave', handler: preSave });
})();
