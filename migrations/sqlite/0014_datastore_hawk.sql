-- The data store API's HAWK clients and the nonces they have used (app::datastore::server::hawk,
-- other-systems B.5).

-- Who may call the API: a client id, the shared key its requests are signed with, and the
-- endpoints it may call. The key is kept as it is, not hashed: HAWK's MAC is an HMAC keyed with
-- it, so the server needs the key itself. A revoked client keeps its row, so its id is never
-- given to anyone else.
CREATE TABLE datastore_hawk_clients (
    id          TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 100),
    key         TEXT NOT NULL CHECK (length(key) >= 32),
    -- A JSON array of endpoint names (`get_table_data`, …), or `*` for all of them.
    scopes      TEXT NOT NULL CHECK (json_valid(scopes) AND json_type(scopes) = 'array'),
    description TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

-- Nonces seen in the last few minutes (when no Redis is configured): a request whose client,
-- nonce and timestamp are here already is a replay. Rows past `expires_at` are deleted now and
-- then by the app.
CREATE TABLE datastore_hawk_nonces (
    client_id  TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    ts         INTEGER NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (client_id, nonce, ts)
);
CREATE INDEX datastore_hawk_nonces_expiry ON datastore_hawk_nonces (expires_at);
