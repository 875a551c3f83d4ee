"""Stage 2 of 11, content: the sources read: YAML and Markdown files parsed into documents
with line numbers, the schema of each kind of record, partial dates, photos, the
snapshot of the source folders and the fingerprints of texts. Takes the project folder;
gives documents."""
