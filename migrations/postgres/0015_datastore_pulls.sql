-- The data store's pulls of external sources (app::datastore::server::pull, other-systems B.1):
-- one row per pull of one source, written when it ends, for staff to see what was fetched and
-- what failed. A fetched file's checksum and size are the bytes stored, as they streamed in.
CREATE TABLE datastore_pulls (
    id           BIGSERIAL PRIMARY KEY,
    -- The source's id, organisation.dataset.
    source       TEXT NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('fetched', 'up_to_date', 'failed')),
    -- The stored name: the file fetched, the newest already stored (up to date), or the file
    -- whose download failed (NULL when the pull failed before choosing one).
    file_name    TEXT,
    -- Where the file was fetched from (or was to be).
    url          TEXT,
    bytes        BIGINT CHECK (bytes >= 0),
    sha256       TEXT CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    error        TEXT,
    CHECK ((outcome = 'fetched') = (sha256 IS NOT NULL)),
    CHECK (outcome <> 'fetched' OR (file_name IS NOT NULL AND url IS NOT NULL AND bytes IS NOT NULL)),
    CHECK (outcome <> 'up_to_date' OR file_name IS NOT NULL),
    CHECK ((outcome = 'failed') = (error IS NOT NULL))
);
CREATE INDEX datastore_pulls_by_source ON datastore_pulls (source, started_at);
