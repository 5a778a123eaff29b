-- The embedded mailer (backends::mail::OutboxMailer): every mail the app sends is written here
-- instead of leaving the machine, for /admin/outbox in development and for tests to read.
-- Times come from the app's clock, never now().
CREATE TABLE outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The address as the app gave it: case is kept, never normalised here.
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- The list newest first, and one recipient's mails newest first.
CREATE INDEX outbox_created_at ON outbox (created_at, id);
CREATE INDEX outbox_recipient_created_at ON outbox (recipient, created_at, id);
