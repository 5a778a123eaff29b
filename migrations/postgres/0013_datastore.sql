-- The data store (app::datastore, other-systems B), and its staff role.

-- Roles: the app's `Role` is the authority on which exist (citizen, admin, datastore staff); the
-- table only keeps the value a plain lower-case word, so a new role needs no migration.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role ~ '^[a-z]{1,20}$');

-- Datasets ("pipelines"): an organisation's dataset, loaded from CSV uploads or pulled from an
-- external source. Its table is "<organisation>.<dataset>"."L0" (a schema of its own on
-- PostgreSQL; a table named "<organisation>.<dataset>.L0" on SQLite).
CREATE TABLE datastore_datasets (
    id            BIGSERIAL PRIMARY KEY,
    organisation  TEXT NOT NULL CHECK (organisation ~ '^[a-z0-9_]{1,30}$'),
    dataset       TEXT NOT NULL CHECK (dataset ~ '^[a-z0-9_]{1,30}$'),
    slug          TEXT NOT NULL UNIQUE,
    origin        TEXT NOT NULL CHECK (origin IN ('upload', 'source')),
    created_at    TIMESTAMPTZ NOT NULL,
    created_by    TEXT,
    UNIQUE (organisation, dataset)
);

-- The tables the API serves, as last loaded: their data columns (JSON [{"name", "type"}], the
-- helper columns id, datafile_created, datafile_updated and data_hash not listed) and row count.
-- A row exists only once its table holds a whole load.
CREATE TABLE datastore_tables (
    dataset_id  BIGINT NOT NULL REFERENCES datastore_datasets (id) ON DELETE CASCADE,
    table_name  TEXT NOT NULL CHECK (table_name IN ('L0', 'L1')),
    columns     JSONB NOT NULL,
    row_count   BIGINT NOT NULL CHECK (row_count >= 0),
    loaded_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (dataset_id, table_name)
);

-- A CSV upload ("pipeline_data_file"): one version of a dataset, its file in the object store
-- under uploads/<organisation>/<dataset>/<id>, and where it is in the upload's states.
CREATE TABLE datastore_versions (
    id                     TEXT PRIMARY KEY,
    dataset_id             BIGINT NOT NULL REFERENCES datastore_datasets (id) ON DELETE CASCADE,
    object_key             TEXT NOT NULL,
    file_name              TEXT NOT NULL,
    size_bytes             BIGINT,
    state                  TEXT NOT NULL CHECK (state IN ('uploading', 'uploaded', 'verified',
                               'processing_dss', 'processing_dataflow', 'completed', 'failed')),
    error_message          TEXT,
    column_types           JSONB,
    delimiter              TEXT NOT NULL DEFAULT ',',
    quote                  TEXT NOT NULL DEFAULT '"',
    uploaded_by            TEXT,
    uploaded_at            TIMESTAMPTZ NOT NULL,
    verified_at            TIMESTAMPTZ,
    started_processing_at  TIMESTAMPTZ,
    processed_at           TIMESTAMPTZ,
    rows_loaded            BIGINT,
    bytes_loaded           BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX datastore_versions_by_dataset ON datastore_versions (dataset_id, uploaded_at);
CREATE INDEX datastore_versions_by_state ON datastore_versions (state, uploaded_at);

-- Files pulled from sources, and whether each has been loaded (other-systems B.2). A file is
-- loaded in the same transaction that marks it processed, so it is never loaded twice or half.
CREATE TABLE datafile_registry (
    id                 BIGSERIAL PRIMARY KEY,
    source             TEXT NOT NULL,
    file_name          TEXT,
    state              TEXT NOT NULL CHECK (state IN ('processing', 'failed', 'processed', 'ignored')),
    error_message      TEXT,
    rows_loaded        BIGINT,
    started_at         TIMESTAMPTZ,
    finished_at        TIMESTAMPTZ,
    created_timestamp  TIMESTAMPTZ NOT NULL,
    updated_timestamp  TIMESTAMPTZ
);
CREATE UNIQUE INDEX datafile_registry_file ON datafile_registry (source, file_name)
    WHERE file_name IS NOT NULL;
