-- The notice an admin sets for every page (maintenance, known problems). At most one row.
CREATE TABLE system_message (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    updated_at TEXT NOT NULL
);
