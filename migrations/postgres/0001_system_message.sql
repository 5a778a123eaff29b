-- The notice an admin sets for every page (maintenance, known problems). At most one row.
CREATE TABLE system_message (
    id         SMALLINT PRIMARY KEY CHECK (id = 1),
    text       TEXT NOT NULL CHECK (char_length(text) BETWEEN 1 AND 1000),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
