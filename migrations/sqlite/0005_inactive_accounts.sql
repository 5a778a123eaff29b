-- Inactive accounts (reference 1.4): the warnings sent since the account was last used. A notice
-- is 1 (the month's notice, at 8 months) or 2 (the week's notice); signing in clears both.
ALTER TABLE users ADD COLUMN inactivity_notices INTEGER NOT NULL DEFAULT 0
    CHECK (inactivity_notices BETWEEN 0 AND 2);
-- When the last notice was sent: an account is deleted only a week or more after its last notice.
ALTER TABLE users ADD COLUMN inactivity_noticed_at TEXT;
