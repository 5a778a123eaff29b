-- The durable job queue (backends::jobs). A job is pending until a worker claims it, running while
-- a worker holds its lease (locked_by until locked_until), then succeeded, or dead once its
-- attempts are spent or it failed for good. Times come from the app's clock, never now().
CREATE TABLE jobs (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      JSONB NOT NULL,
    dedupe_key   TEXT,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'running', 'succeeded', 'dead')),
    run_at       TIMESTAMPTZ NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
    locked_by    TEXT,
    locked_until TIMESTAMPTZ,
    last_error   TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    -- A lease exists exactly while the job runs.
    CHECK ((state = 'running') = (locked_by IS NOT NULL AND locked_until IS NOT NULL))
);

-- The dedupe rule: at most one live (pending or running) job per key. Finished jobs free the key.
CREATE UNIQUE INDEX jobs_live_dedupe_key ON jobs (dedupe_key) WHERE state IN ('pending', 'running');
-- What a claim looks for: pending jobs that are due, and running jobs whose lease has passed.
CREATE INDEX jobs_pending_run_at ON jobs (run_at) WHERE state = 'pending';
CREATE INDEX jobs_running_locked_until ON jobs (locked_until) WHERE state = 'running';
-- The admin list of jobs in one state, newest first.
CREATE INDEX jobs_state_updated_at ON jobs (state, updated_at);

-- One row per schedule and period that fired: the primary key lets only one instance fire it.
CREATE TABLE job_schedule (
    name       TEXT NOT NULL,
    period_key TEXT NOT NULL,
    fired_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (name, period_key)
);
