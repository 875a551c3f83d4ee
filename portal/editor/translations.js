// The web editor's record of translations (portal/editor/widget.py publishes it as
// admin/translations.js, after decap-cms.js). It registers the `translations` widget,
// which the generated configuration uses for a YAML record's `translated:` block and for
// a statement's or page's `translated_from`, and two listeners. The widget notes the
// entry's texts when the entry opens and shows each translation's status as it will be
// saved; the preSave listener records what `build.py translations --mark-current`
// records (portal/languages/mark.py) for every translation typed or changed since (all
// of a new entry's): made from the source text as it is when saving. A translation not
// touched keeps its record, so a changed source leaves it stale, as a hand edit does.
// The postSave listener notes the texts as saved.
//
// The rules are portal/content/freshness.py's, and the fingerprint is computed as Python
// computes it (tests/test_editor_translations.py compares the two in node). No build
// step: plain script, Decap's own `h` (React.createElement) and `createClass`.
(function () {
  'use strict';
  var WIDGET = 'translations';
  // str.isspace() over every code point, written in by the build: Python's strip().
  var SPACE = '__PYTHON_WHITESPACE__';
  var LEADING = new RegExp('^[' + SPACE + ']+', 'u');
  var TRAILING = new RegExp('[' + SPACE + ']+$', 'u');
  var HASH_LENGTH = 12;

  function strip(text) { return text.replace(LEADING, '').replace(TRAILING, ''); }
  function rstrip(text) { return text.replace(TRAILING, ''); }

  function normalise(text) {
    var lines = strip(text.split('\r\n').join('\n')).split('\n');
    return lines.map(rstrip).join('\n');
  }

  function fingerprint(text) {
    var bytes = new TextEncoder().encode(normalise(text));
    return crypto.subtle.digest('SHA-256', bytes).then(function (digest) {
      return Array.from(new Uint8Array(digest)).map(function (b) {
        return b.toString(16).padStart(2, '0');
      }).join('').slice(0, HASH_LENGTH);
    });
  }

  function text(value) {
    return value === undefined || value === null ? '' : String(value);
  }

  function documentText(data) {
    // freshness.document_text: title, summary and body
    var get = function (name) { return data && data.get ? text(data.get(name)) : ''; };
    return [get('title'), get('summary'), get('body')].join('\n\n');
  }

  function parseRecord(value) {
    if (typeof value === 'string' && value.trim().split(/\s+/).length === 2) {
      var parts = value.trim().split(/\s+/);
      return { lang: parts[0], hash: parts[1] };
    }
    if (value && value.get && typeof value.get('lang') === 'string') {
      return { lang: value.get('lang'), hash: text(value.get('hash')) };
    }
    return null;
  }

  function keyed(value) { return !!(value && value['@@__IMMUTABLE_KEYED__@@']); }
  function indexed(value) { return !!(value && value['@@__IMMUTABLE_INDEXED__@@']); }

  function sourceLanguage(texts, records, languages, fallback) {
    // freshness.source_language: the language translations name, else the default
    for (var i = 0; i < languages.length; i++) {
      var record = records[languages[i]];
      if (record && Object.prototype.hasOwnProperty.call(texts, record.lang)) return record.lang;
    }
    if (Object.prototype.hasOwnProperty.call(texts, fallback)) return fallback;
    var keys = Object.keys(texts);
    return keys.length ? keys[0] : null;
  }

  function statusOf(lang, texts, record, source, hashes) {
    // freshness.status_of; `hashes`: the fingerprint of each language's text
    if (!texts[lang]) return 'missing';
    if (!record || source === null) return 'untracked';
    if (!Object.prototype.hasOwnProperty.call(texts, record.lang)) return 'stale';
    return record.hash === hashes[record.lang] ? 'current' : 'stale';
  }

  function fingerprints(texts) {
    var langs = Object.keys(texts);
    return Promise.all(langs.map(function (lang) { return fingerprint(texts[lang]); }))
      .then(function (digests) {
        var out = {};
        langs.forEach(function (lang, i) { out[lang] = digests[i]; });
        return out;
      });
  }

  // What the entry held when it was opened (or last saved): the translations it had,
  // so that one typed or changed since is told from one left as it was.
  var snapshots = {};
  var collections = {};

  function entryKey(entry) {
    return entry.get('collection') + '/' + (entry.get('newRecord') ? '' : text(entry.get('slug')));
  }

  function fieldsOf(collection, entry) {
    if (!collection) return null;
    if (collection.get('fields')) return collection.get('fields');
    var files = collection.get('files');
    var file = files && files.find(function (f) { return f.get('name') === entry.get('slug'); });
    return file ? file.get('fields') : null;
  }

  function option(field, name) {
    var value = field.get(name);
    return value && value.toJS ? value.toJS() : value;
  }

  // Every record of a YAML entry that keeps a `translated:` block: its place in the data,
  // a signature of where it sits (`events.*.`), its data and the widget's field.
  function tracked(fields, data, path, where, out) {
    if (!fields || !keyed(data)) return out;
    var marker = fields.find(function (f) {
      return f.get('widget') === WIDGET && f.get('tracked');
    });
    if (marker) out.push({ path: path, where: where, record: data, field: marker });
    fields.forEach(function (f) {
      var name = f.get('name');
      var value = data.get(name);
      if (!f.get('fields') || !value) return;
      if (f.get('widget') === 'list' && indexed(value)) {
        value.forEach(function (item, i) {
          tracked(f.get('fields'), item, path.concat([name, i]), where + name + '.*.', out);
        });
      } else if (keyed(value)) {
        tracked(f.get('fields'), value, path.concat([name]), where + name + '.', out);
      }
    });
    return out;
  }

  function yamlTexts(entry, fields) {
    // every translation of the entry: `where|field|lang|text`
    var seen = {};
    tracked(fields, entry.get('data'), [], '', []).forEach(function (found) {
      option(found.field, 'tracked').forEach(function (name) {
        var texts = found.record.get(name);
        if (!keyed(texts)) return;
        texts.forEach(function (value, lang) {
          seen[found.where + '|' + name + '|' + lang + '|' + text(value)] = true;
        });
      });
    });
    return seen;
  }

  function snapshot(entry, collection) {
    var key = entryKey(entry);
    if (collection) collections[entry.get('collection')] = collection;
    if (Object.prototype.hasOwnProperty.call(snapshots, key)) return snapshots[key];
    snapshots[key] = entry.get('newRecord') ? { yaml: {}, documents: {} } : take(entry);
    return snapshots[key];
  }

  function take(entry) {
    var documents = {};
    var i18n = entry.get('i18n');
    documents[''] = documentText(entry.get('data'));
    if (i18n && i18n.forEach) {
      i18n.forEach(function (value, lang) { documents[lang] = documentText(value.get('data')); });
    }
    var fields = fieldsOf(collections[entry.get('collection')], entry);
    return { yaml: fields ? yamlTexts(entry, fields) : {}, documents: documents };
  }

  // One YAML record: each tracked field's source language, the statuses of its other
  // languages, and the `translated:` block to save (Map, or undefined for none).
  function yamlRecord(found, seen) {
    var names = option(found.field, 'tracked');
    var languages = option(found.field, 'languages');
    var fallback = option(found.field, 'default_language');
    var record = found.record;
    var old = record.get('translated');
    var recorded = {};
    if (keyed(old)) old.forEach(function (value, key) { recorded[key] = value; });
    var updated = Object.assign({}, recorded);
    var statuses = [];
    return names.reduce(function (done, name) {
      return done.then(function () {
        var texts = {};
        var map = record.get(name);
        if (!keyed(map)) return null;
        map.forEach(function (value, lang) { texts[lang] = value === null ? '' : text(value); });
        var records = {};
        languages.forEach(function (lang) { records[lang] = parseRecord(recorded[name + '.' + lang]); });
        var source = sourceLanguage(texts, records, languages, fallback);
        var sourceText = source === null ? '' : texts[source];
        return fingerprints(texts).then(function (hashes) {
          var hash = hashes[source];
          languages.forEach(function (lang) {
            if (lang === source) return;
            var changed = texts[lang] && !seen[found.where + '|' + name + '|' + lang + '|' + texts[lang]];
            if (changed && sourceText) {
              updated[name + '.' + lang] = source + ' ' + hash;
              delete updated[name + '.' + source];
              records[lang] = { lang: source, hash: hash };
            }
            statuses.push({ field: name, lang: lang, source: source,
                            status: statusOf(lang, texts, records[lang], source, hashes) });
          });
        });
      });
    }, Promise.resolve()).then(function () {
      var keys = Object.keys(updated).sort();
      var same = keys.length === Object.keys(recorded).length && keys.every(function (k) {
        return recorded[k] === updated[k];
      });
      var block = old;
      if (!same) {
        var empty = keyed(old) ? old.clear() : record.clear();
        block = keys.length ? empty.withMutations(function (m) {
          keys.forEach(function (k) { m.set(k, updated[k]); });
        }) : undefined;
      }
      return { block: block, statuses: statuses };
    });
  }

  function preSave(event) {
    var entry = event.entry;
    var collection = collections[entry.get('collection')];
    var fields = fieldsOf(collection, entry);
    var key = entryKey(entry);
    if (!fields) return undefined;
    if (!entry.get('newRecord') && !Object.prototype.hasOwnProperty.call(snapshots, key)) {
      return undefined;  // never shown in the form: nothing typed
    }
    var taken = snapshots[key] || { yaml: {}, documents: {} };
    var whole = fields.find(function (f) {  // a statement's or page's translated_from
      return f.get('widget') === WIDGET && !f.get('tracked');
    });
    if (whole) return preSaveDocument(event, whole, taken.documents);
    var seen = taken.yaml;
    var found = tracked(fields, entry.get('data'), [], '', []);
    var data = entry.get('data');
    return found.reduce(function (done, one) {
      return done.then(function () {
        return yamlRecord(one, seen).then(function (made) {
          if (made.block === one.record.get('translated')) return;
          var at = one.path.concat(['translated']);
          data = made.block === undefined ? data.deleteIn(at) : data.setIn(at, made.block);
        });
      });
    }, Promise.resolve()).then(function () {
      return data === entry.get('data') ? undefined : data;
    });
  }

  function preSaveDocument(event, field, seen) {
    // A statement's languages are other files (entry.i18n), which a preSave listener's
    // answer cannot reach (Decap sets only `data` from it); Decap saves the entry the
    // listener was given, so the listener gives it the entry with the records.
    var entry = event.entry;
    var fallback = option(field, 'default_language');
    return documentRecords(entry, field, seen).then(function (made) {
      Object.keys(made.updates).forEach(function (lang) {
        var at = lang === fallback ? ['data'] : ['i18n', lang, 'data'];
        var old = entry.getIn(at.concat(['translated_from']));
        var empty = keyed(old) ? old.clear() : entry.get('data').clear();
        var record = empty.set('lang', made.updates[lang].lang).set('hash', made.updates[lang].hash);
        entry = entry.setIn(at.concat(['translated_from']), record);
      });
      event.entry = entry;
      return undefined;
    });
  }

  function postSave(event) {
    // the files now hold what was saved: that is what later changes are told from
    // (a new entry's, once it has its file name; until then the widget notes them when
    // the saved entry opens)
    var entry = event.entry;
    delete snapshots[entry.get('collection') + '/'];
    if (text(entry.get('slug'))) snapshots[entry.get('collection') + '/' + entry.get('slug')] = take(entry);
  }

  // A statement's or page's languages: the data of each (the default's is the entry's).
  function localeData(entry, lang, fallback) {
    if (lang === fallback) return entry.get('data');
    return entry.getIn(['i18n', lang, 'data']);
  }

  // A statement or page: the source language, each translation's status, and the
  // `translated_from` to save in each language's file that was typed or changed.
  function documentRecords(entry, field, seen) {
    var languages = option(field, 'languages');
    var fallback = option(field, 'default_language');
    var texts = {};
    var records = {};
    languages.forEach(function (code) {
      var data = localeData(entry, code, fallback);
      var body = documentText(data);
      if (normalise(body)) texts[code] = body;
      records[code] = parseRecord(data && data.get && data.get('translated_from'));
    });
    var source = sourceLanguage(texts, records, languages, fallback);
    return fingerprints(texts).then(function (hashes) {
      var updates = {};
      var statuses = [];
      languages.forEach(function (lang) {
        if (lang === source || source === null) return;
        var before = seen[lang === fallback ? '' : lang];
        var record = records[lang];
        if (texts[lang] && texts[lang] !== before &&
            (!record || record.lang !== source || record.hash !== hashes[source])) {
          record = updates[lang] = { lang: source, hash: hashes[source] };
        }
        statuses.push({ lang: lang, source: source,
                        status: statusOf(lang, texts, record, source, hashes) });
      });
      return { source: source, updates: updates, statuses: statuses };
    });
  }

  function documentState(props, entry) {
    var fallback = option(props.field, 'default_language');
    var lang = props.locale || fallback;
    var seen = snapshot(entry, props.collection).documents;
    return documentRecords(entry, props.field, seen).then(function (made) {
      if (lang === made.source) return { lines: made.statuses, source: true };
      return { lines: made.statuses.filter(function (line) { return line.lang === lang; }) };
    });
  }

  var EXPLAIN = {
    current: 'current: made from the {source} text as it is now',
    stale: 'stale: the {source} text has changed since; update this translation to match it',
    untracked: 'untracked: no record of what it was made from; check it against the {source} ' +
      'text (a change you make here is recorded when you save)',
    missing: 'missing: not translated yet',
    source: 'the original: the other languages are translated from this text',
  };

  function explain(status, source) {
    return EXPLAIN[status].replace('{source}', source || 'original');
  }

  function yamlState(props, entry) {
    var fields = fieldsOf(props.collection, entry);
    var seen = snapshot(entry, props.collection).yaml;
    var found = tracked(fields, entry.get('data'), [], '', []).filter(function (one) {
      return one.field === props.field;
    });
    if (!found.length) return Promise.resolve({ lines: [] });
    if (found.length > 1) {
      found = found.filter(function (one) { return one.record.get('translated') === props.value; });
    }
    if (found.length !== 1 || props.value === undefined && found[0].record.get('translated')) {
      return Promise.resolve({ lines: null });
    }
    return yamlRecord(found[0], seen).then(function (made) {
      return { lines: made.statuses };
    });
  }

  var Control = window.CMS && window.createClass({
    getInitialState: function () { return { shown: null }; },
    componentDidMount: function () {
      // Decap gives a widget the entry as it was when the form opened (props.entry) and
      // does not draw it again when another field changes: the statuses follow the
      // typing (getEntry, the entry now) after each input anywhere in the form.
      var self = this;
      this.refresh = function () { setTimeout(function () { self.update(); }, 0); };
      document.addEventListener('input', this.refresh, true);
      document.addEventListener('focusout', this.refresh, true);
      this.update();
    },
    componentWillUnmount: function () {
      document.removeEventListener('input', this.refresh, true);
      document.removeEventListener('focusout', this.refresh, true);
      this.runs = -1;
    },
    update: function () {
      var self = this;
      var props = this.props;
      if (this.runs === -1) return;
      var entry = props.getEntry ? props.getEntry() : props.entry;
      var run = (this.runs = (this.runs || 0) + 1);
      var work = option(props.field, 'tracked') ? yamlState(props, entry)
        : documentState(props, entry);
      work.then(function (state) {
        if (run !== self.runs) return;
        var shown = JSON.stringify(state);
        if (shown !== self.state.shown) self.setState({ shown: shown });
      }).catch(function (error) { console.warn('translations: ' + error); });
    },
    render: function () {
      var h = window.h;
      var state = this.state.shown ? JSON.parse(this.state.shown) : {};
      var lines = state.lines === undefined ? null : state.lines;
      var items;
      if (!lines) {
        items = [h('li', { key: 'x' }, 'Translations are recorded when you save.')];
      } else if (!lines.length) {
        items = [h('li', { key: 'x' }, 'Nothing to translate yet.')];
      } else {
        items = lines.map(function (line, i) {
          var where = (line.field ? line.field + ' ' : '') + '(' + line.lang + ')';
          return h('li', { key: i, 'data-status': line.status },
                   where + ': ' + explain(line.status, line.source));
        });
        if (state.source) items.unshift(h('li', { key: 's' }, explain('source')));
      }
      return h('ul', { id: this.props.forID, className: this.props.classNameWrapper,
                       'aria-label': 'Translations', style: { listStyle: 'none' } }, items);
    },
  });

  function Preview() { return null; }

  var SCHEMA = {
    properties: {
      tracked: { type: 'array', items: { type: 'string' } },
      languages: { type: 'array', minItems: 1, items: { type: 'string' } },
      default_language: { type: 'string' },
    },
    required: ['languages', 'default_language'],
  };

  window.portalTranslations = { normalise: normalise, fingerprint: fingerprint, schema: SCHEMA };
  if (window.CMS) {
    window.CMS.registerWidget(WIDGET, Control, Preview, SCHEMA);
    window.CMS.registerEventListener({ name: 'preSave', handler: preSave });
    window.CMS.registerEventListener({ name: 'postSave', handler: postSave });
  }
})();
