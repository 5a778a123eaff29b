-- The embedded mailer (backends::mail::OutboxMailer): every mail the app sends is written here
-- instead of leaving the machine, for /admin/outbox in development and for tests to read.
-- Times are RFC 3339 text in UTC written from the app's clock.
CREATE TABLE outbox (
    -- AUTOINCREMENT: ids keep growing even after old mails are deleted, so they order the list.
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The address as the app gave it: case is kept, never normalised here.
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The list newest first, and one recipient's mails newest first.
CREATE INDEX outbox_created_at ON outbox (created_at, id);
CREATE INDEX outbox_recipient_created_at ON outbox (recipient, created_at, id);
