-- The satisfaction form (app::performance, reference §10 and other-systems A.4–A.5): what a
-- visitor sent, kept two years. The page it came from is a path on this site; the browser's
-- User-Agent is kept as sent (escaped where it is shown). Times come from the app's clock, never
-- now().
CREATE TABLE feedback (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at TIMESTAMPTZ NOT NULL,
    rating      TEXT NOT NULL CHECK (rating IN ('very-satisfied', 'satisfied',
                    'neither-satisfied-or-dissatisfied', 'dissatisfied', 'very-dissatisfied')),
    details     TEXT NOT NULL CHECK (char_length(details) BETWEEN 1 AND 2000),
    email       TEXT CHECK (email IS NULL OR char_length(email) <= 254),
    phone       TEXT CHECK (phone IS NULL OR char_length(phone) <= 20),
    from_page   TEXT CHECK (from_page IS NULL OR char_length(from_page) <= 500),
    agent       TEXT CHECK (agent IS NULL OR char_length(agent) <= 500)
);
CREATE INDEX feedback_received ON feedback (received_at, id);

-- What admins did (app::admin::audit): who, what, to what, when. The actor's email is copied in,
-- so the entry still says who it was after their account is deleted.
CREATE TABLE audit_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_email TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (char_length(action) <= 100),
    -- What the action was done to (a user id, a job id, a month), if anything.
    target      TEXT CHECK (target IS NULL OR char_length(target) <= 200),
    details     JSONB NOT NULL CHECK (octet_length(details::text) <= 65536)
);
CREATE INDEX audit_log_occurred ON audit_log (occurred_at DESC, id DESC);
CREATE INDEX audit_log_action ON audit_log (action, occurred_at DESC);

-- The system message may be as long as the real admin allows: 8,000 characters (reference §9).
ALTER TABLE system_message DROP CONSTRAINT system_message_text_check;
ALTER TABLE system_message ADD CONSTRAINT system_message_text_check
    CHECK (char_length(text) BETWEEN 1 AND 8000);
