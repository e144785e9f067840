"""Open data: the public agenda as downloadable datasets (CSV, JSON), a DCAT-US catalogue, and schema.org JSON-LD."""
