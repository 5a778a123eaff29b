-- The data store (app::datastore, other-systems B), and its staff role.
-- (SQLite cannot change a CHECK constraint in place: the users table is rebuilt. The store
-- migrates with foreign keys off, so dropping the old table does not cascade to the rows that
-- refer to it, and checks the references afterwards: SqliteStore::migrate.)

-- Roles: the app's `Role` is the authority on which exist (citizen, admin, datastore staff); the
-- table only keeps the value a plain lower-case word, so a new role needs no rebuild.
CREATE TABLE users_with_roles (
    -- 32 lower-case hex characters from 16 random bytes, as the real service's ids.
    id             TEXT PRIMARY KEY CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    -- Lower-cased by the app, so the unique index is case-insensitive in effect.
    email          TEXT NOT NULL UNIQUE,
    -- An argon2id PHC string.
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 20 AND role NOT GLOB '*[^a-z]*'),
    -- NULL until the address is confirmed; unconfirmed accounts are deleted after 24 hours.
    confirmed_at   TEXT,
    failed_logins  INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until   TEXT,
    last_login_at  TEXT,
    -- "About you": all optional until the person fills the form in.
    title          TEXT,
    first_names    TEXT,
    last_name      TEXT,
    date_of_birth  TEXT,
    address_line_1 TEXT,
    address_line_2 TEXT,
    address_line_3 TEXT,
    postcode       TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    inactivity_notices INTEGER NOT NULL DEFAULT 0 CHECK (inactivity_notices BETWEEN 0 AND 2),
    inactivity_noticed_at TEXT,
    previous_login_at TEXT
);
INSERT INTO users_with_roles (id, email, password_hash, role, confirmed_at, failed_logins,
    locked_until, last_login_at, title, first_names, last_name, date_of_birth, address_line_1,
    address_line_2, address_line_3, postcode, created_at, updated_at, inactivity_notices,
    inactivity_noticed_at, previous_login_at)
SELECT id, email, password_hash, role, confirmed_at, failed_logins, locked_until, last_login_at,
    title, first_names, last_name, date_of_birth, address_line_1, address_line_2, address_line_3,
    postcode, created_at, updated_at, inactivity_notices, inactivity_noticed_at, previous_login_at
FROM users;
DROP TABLE users;
ALTER TABLE users_with_roles RENAME TO users;
CREATE INDEX users_unconfirmed_created_at ON users (created_at) WHERE confirmed_at IS NULL;

-- Datasets ("pipelines"): an organisation's dataset, loaded from CSV uploads or pulled from an
-- external source. Its table is "<organisation>.<dataset>"."L0" (a schema of its own on
-- PostgreSQL; a table named "<organisation>.<dataset>.L0" on SQLite).
CREATE TABLE datastore_datasets (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation  TEXT NOT NULL CHECK (length(organisation) BETWEEN 1 AND 30
                      AND organisation NOT GLOB '*[^a-z0-9_]*'),
    dataset       TEXT NOT NULL CHECK (length(dataset) BETWEEN 1 AND 30
                      AND dataset NOT GLOB '*[^a-z0-9_]*'),
    slug          TEXT NOT NULL UNIQUE,
    origin        TEXT NOT NULL CHECK (origin IN ('upload', 'source')),
    created_at    TEXT NOT NULL,
    created_by    TEXT,
    UNIQUE (organisation, dataset)
);

-- The tables the API serves, as last loaded: their data columns (JSON [{"name", "type"}], the
-- helper columns id, datafile_created, datafile_updated and data_hash not listed) and row count.
-- A row exists only once its table holds a whole load.
CREATE TABLE datastore_tables (
    dataset_id  INTEGER NOT NULL REFERENCES datastore_datasets (id) ON DELETE CASCADE,
    table_name  TEXT NOT NULL CHECK (table_name IN ('L0', 'L1')),
    columns     TEXT NOT NULL CHECK (json_valid(columns)),
    row_count   INTEGER NOT NULL CHECK (row_count >= 0),
    loaded_at   TEXT NOT NULL,
    PRIMARY KEY (dataset_id, table_name)
);

-- A CSV upload ("pipeline_data_file"): one version of a dataset, its file in the object store
-- under uploads/<organisation>/<dataset>/<id>, and where it is in the upload's states.
CREATE TABLE datastore_versions (
    id                     TEXT PRIMARY KEY,
    dataset_id             INTEGER NOT NULL REFERENCES datastore_datasets (id) ON DELETE CASCADE,
    object_key             TEXT NOT NULL,
    file_name              TEXT NOT NULL,
    size_bytes             INTEGER,
    state                  TEXT NOT NULL CHECK (state IN ('uploading', 'uploaded', 'verified',
                               'processing_dss', 'processing_dataflow', 'completed', 'failed')),
    error_message          TEXT,
    column_types           TEXT CHECK (column_types IS NULL OR json_valid(column_types)),
    delimiter              TEXT NOT NULL DEFAULT ',',
    quote                  TEXT NOT NULL DEFAULT '"',
    uploaded_by            TEXT,
    uploaded_at            TEXT NOT NULL,
    verified_at            TEXT,
    started_processing_at  TEXT,
    processed_at           TEXT,
    rows_loaded            INTEGER,
    bytes_loaded           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX datastore_versions_by_dataset ON datastore_versions (dataset_id, uploaded_at);
CREATE INDEX datastore_versions_by_state ON datastore_versions (state, uploaded_at);

-- Files pulled from sources, and whether each has been loaded (other-systems B.2). A file is
-- loaded in the same transaction that marks it processed, so it is never loaded twice or half.
CREATE TABLE datafile_registry (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    source             TEXT NOT NULL,
    file_name          TEXT,
    state              TEXT NOT NULL CHECK (state IN ('processing', 'failed', 'processed', 'ignored')),
    error_message      TEXT,
    rows_loaded        INTEGER,
    started_at         TEXT,
    finished_at        TEXT,
    created_timestamp  TEXT NOT NULL,
    updated_timestamp  TEXT
);
CREATE UNIQUE INDEX datafile_registry_file ON datafile_registry (source, file_name)
    WHERE file_name IS NOT NULL;
