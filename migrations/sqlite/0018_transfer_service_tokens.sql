-- The transfer service's GraphQL API: bearer tokens of its service clients (the checks and the
-- export, when they run outside the app). Only a token's SHA-256 is kept.
CREATE TABLE transfer_service_tokens (
    name        TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
    token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at  TEXT NOT NULL
);
