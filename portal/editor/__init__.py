"""The web editor at /admin/ (Decap CMS, copied from node_modules): its configuration,
made from the schema in checks/shapes.py and the languages of data/site.yaml, the admin
page, and the local back end `serve` offers so that the editor works without an account.

Takes the schema, the documents read and the site settings; gives the editor's files for
the build to write and the local back end for the preview to serve."""
