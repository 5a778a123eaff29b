-- Lasting powers of attorney (app::lpa::server, reference §3.1): one row per LPA, its document and
-- metadata as JSON in the real service's shape. Deleting an account deletes its LPAs. Times come
-- from the app's clock, never now().
CREATE TABLE applications (
    -- Random in 1,000,000 … 99,999,999,999, shown as the A-reference.
    id           BIGINT PRIMARY KEY CHECK (id BETWEEN 0 AND 99999999999),
    owner        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Rises by one at every save; a save made from an older revision is refused.
    revision     BIGINT NOT NULL CHECK (revision >= 1),
    started_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ,
    completed_at TIMESTAMPTZ,
    locked_at    TIMESTAMPTZ,
    locked       BOOLEAN NOT NULL DEFAULT FALSE,
    -- The LPA whose people this one may reuse.
    seed         BIGINT CHECK (seed BETWEEN 0 AND 99999999999),
    -- The donor's name, lower-cased, for searching the dashboard.
    search       TEXT,
    document     JSONB NOT NULL,
    metadata     JSONB NOT NULL CHECK (octet_length(metadata::text) <= 1048576)
);

-- The dashboard: an account's LPAs, latest change first.
CREATE INDEX applications_owner_updated ON applications (owner, updated_at DESC);
