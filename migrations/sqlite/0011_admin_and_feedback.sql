-- The satisfaction form (app::performance, reference §10 and other-systems A.4–A.5): what a
-- visitor sent, kept two years. The page it came from is a path on this site; the browser's
-- User-Agent is kept as sent (escaped where it is shown). Times are RFC 3339 text in UTC from the
-- app's clock.
CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at TEXT NOT NULL,
    rating      TEXT NOT NULL CHECK (rating IN ('very-satisfied', 'satisfied',
                    'neither-satisfied-or-dissatisfied', 'dissatisfied', 'very-dissatisfied')),
    details     TEXT NOT NULL CHECK (length(details) BETWEEN 1 AND 2000),
    email       TEXT CHECK (email IS NULL OR length(email) <= 254),
    phone       TEXT CHECK (phone IS NULL OR length(phone) <= 20),
    from_page   TEXT CHECK (from_page IS NULL OR length(from_page) <= 500),
    agent       TEXT CHECK (agent IS NULL OR length(agent) <= 500)
);
CREATE INDEX feedback_received ON feedback (received_at, id);

-- What admins did (app::admin::audit): who, what, to what, when. The actor's email is copied in,
-- so the entry still says who it was after their account is deleted.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_email TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (length(action) <= 100),
    -- What the action was done to (a user id, a job id, a month), if anything.
    target      TEXT CHECK (target IS NULL OR length(target) <= 200),
    details     TEXT NOT NULL CHECK (json_valid(details) AND length(details) <= 65536)
);
CREATE INDEX audit_log_occurred ON audit_log (occurred_at DESC, id DESC);
CREATE INDEX audit_log_action ON audit_log (action, occurred_at DESC);

-- The system message may be as long as the real admin allows: 8,000 characters (reference §9).
CREATE TABLE system_message_new (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 8000),
    updated_at TEXT NOT NULL
);
INSERT INTO system_message_new (id, text, updated_at) SELECT id, text, updated_at FROM system_message;
DROP TABLE system_message;
ALTER TABLE system_message_new RENAME TO system_message;
