-- The live message feed (fpesa, reference D). One row per posted message, in the order the single
-- store writer committed them, so a client can ask for "everything after id N".
CREATE TABLE feed_messages (
    id              BIGSERIAL PRIMARY KEY,
    -- Given when the message was accepted: a redelivered message finds its row instead of making
    -- a second one.
    idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) = 36),
    inserted        TIMESTAMPTZ NOT NULL,
    -- The posted JSON object as it was sent (text, so its key order and numbers are kept exactly;
    -- JSONB would reorder keys).
    message         TEXT NOT NULL
);

-- API tokens that may post to the feed. Only a token's SHA-256 is stored.
CREATE TABLE feed_tokens (
    name       TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at TIMESTAMPTZ NOT NULL
);
