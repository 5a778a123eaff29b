-- Accounts (backends::accounts): the people who sign in, and the single-use tokens emailed to them
-- (confirm an address, reset a password, change an address). Times come from the app's clock,
-- never now().
CREATE TABLE users (
    -- 32 lower-case hex characters from 16 random bytes, as the real service's ids.
    id             TEXT PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
    -- Lower-cased by the app, so the unique index is case-insensitive in effect.
    email          TEXT NOT NULL UNIQUE,
    -- An argon2id PHC string.
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('citizen', 'admin')),
    -- NULL until the address is confirmed; unconfirmed accounts are deleted after 24 hours.
    confirmed_at   TIMESTAMPTZ,
    failed_logins  INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until   TIMESTAMPTZ,
    last_login_at  TIMESTAMPTZ,
    -- "About you": all optional until the person fills the form in.
    title          TEXT,
    first_names    TEXT,
    last_name      TEXT,
    date_of_birth  DATE,
    address_line_1 TEXT,
    address_line_2 TEXT,
    address_line_3 TEXT,
    postcode       TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

-- What the cleanup of unconfirmed accounts looks for.
CREATE INDEX users_unconfirmed_created_at ON users (created_at) WHERE confirmed_at IS NULL;

-- Only a token's SHA-256 is stored: a copy of the table does not let anyone use the links.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('confirm-email', 'reset-password', 'change-email')),
    -- The address a change-email token moves the account to.
    new_email  TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    -- Exactly the change-email tokens carry a new address.
    CHECK ((purpose = 'change-email') = (new_email IS NOT NULL))
);

-- Issuing a token replaces the user's earlier ones of the same purpose; deletes cascade by user.
CREATE INDEX account_tokens_user_purpose ON account_tokens (user_id, purpose);
