-- Lasting powers of attorney (app::lpa::server, reference §3.1): one row per LPA, its document and
-- metadata as JSON in the real service's shape. Deleting an account deletes its LPAs. Times are
-- RFC 3339 text in UTC from the app's clock.
CREATE TABLE applications (
    -- Random in 1,000,000 … 99,999,999,999, shown as the A-reference.
    id           INTEGER PRIMARY KEY CHECK (id BETWEEN 0 AND 99999999999),
    owner        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Rises by one at every save; a save made from an older revision is refused.
    revision     INTEGER NOT NULL CHECK (revision >= 1),
    started_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    created_at   TEXT,
    completed_at TEXT,
    locked_at    TEXT,
    locked       INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    -- The LPA whose people this one may reuse.
    seed         INTEGER CHECK (seed BETWEEN 0 AND 99999999999),
    -- The donor's name, lower-cased, for searching the dashboard.
    search       TEXT,
    document     TEXT NOT NULL CHECK (json_valid(document)),
    metadata     TEXT NOT NULL CHECK (json_valid(metadata) AND length(metadata) <= 1048576)
);

-- The dashboard: an account's LPAs, latest change first.
CREATE INDEX applications_owner_updated ON applications (owner, updated_at DESC);
