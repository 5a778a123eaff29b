-- Transfer digital records (app::transfer, other-systems C): transferring bodies and their
-- series, the consignments their members transfer, each consignment's files and folders, and what
-- the three checks found about each file. Names follow TDR's own (C.1) where they are ours too.
-- Ids are UUIDs kept as text on both stores, as the app handles them.

CREATE TABLE transfer_bodies (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    -- The body's code, as TDR's user tokens carry it ("MOCK1", "TDR-HMT").
    tdr_code    TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE transfer_series (
    id           TEXT PRIMARY KEY,
    body_id      TEXT NOT NULL REFERENCES transfer_bodies (id),
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX transfer_series_by_body ON transfer_series (body_id, code);

-- Who transfers for which body: every account with the `transfer` role belongs to one.
CREATE TABLE transfer_members (
    user_id     TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    body_id     TEXT NOT NULL REFERENCES transfer_bodies (id),
    created_at  TIMESTAMPTZ NOT NULL
);

-- Numbers handed out in order: consignment references and file references are made from them.
-- A row per sequence, taken with UPDATE … RETURNING inside the transaction that uses the number.
CREATE TABLE transfer_sequences (
    name        TEXT PRIMARY KEY,
    next_value  BIGINT NOT NULL CHECK (next_value >= 1)
);
INSERT INTO transfer_sequences (name, next_value) VALUES ('consignment', 1), ('file', 1);

CREATE TABLE consignments (
    id                        TEXT PRIMARY KEY,
    sequence                  BIGINT NOT NULL UNIQUE,
    reference                 TEXT NOT NULL UNIQUE,
    -- Who started it. The consignment belongs to the body: it outlives the account.
    user_id                   TEXT REFERENCES users (id) ON DELETE SET NULL,
    body_id                   TEXT NOT NULL REFERENCES transfer_bodies (id),
    series_id                 TEXT REFERENCES transfer_series (id),
    consignment_type          TEXT NOT NULL CHECK (consignment_type IN ('standard', 'judgment')),
    include_top_level_folder  BOOLEAN NOT NULL DEFAULT FALSE,
    parent_folder             TEXT,
    created_at                TIMESTAMPTZ NOT NULL,
    transfer_initiated_at     TIMESTAMPTZ,
    -- Who confirmed the transfer, as the bag's Contact-Name and Contact-Email name them.
    contact_name              TEXT,
    contact_email             TEXT,
    export_at                 TIMESTAMPTZ,
    export_location           TEXT,
    export_version            TEXT,
    export_failure            TEXT
);
CREATE INDEX consignments_by_body ON consignments (body_id, created_at);

CREATE TABLE consignment_statuses (
    id              BIGSERIAL PRIMARY KEY,
    consignment_id  TEXT NOT NULL REFERENCES consignments (id) ON DELETE CASCADE,
    status_type     TEXT NOT NULL CHECK (status_type IN ('Series', 'TransferAgreement', 'Upload',
                        'ClientChecks', 'ServerAntivirus', 'ServerChecksum', 'ServerFFID',
                        'ServerRedaction', 'DraftMetadata', 'DraftMetadataUpload',
                        'MetadataReview', 'ConfirmTransfer', 'Export')),
    value           TEXT NOT NULL CHECK (value IN ('InProgress', 'Completed',
                        'CompletedWithIssues', 'Failed')),
    created_at      TIMESTAMPTZ NOT NULL,
    modified_at     TIMESTAMPTZ,
    UNIQUE (consignment_id, status_type)
);

-- Transfer agreement answers and the like, as TDR's name/value pairs.
CREATE TABLE consignment_metadata (
    consignment_id  TEXT NOT NULL REFERENCES consignments (id) ON DELETE CASCADE,
    property_name   TEXT NOT NULL,
    value           TEXT NOT NULL,
    PRIMARY KEY (consignment_id, property_name)
);

CREATE TABLE transfer_files (
    id              TEXT PRIMARY KEY,
    consignment_id  TEXT NOT NULL REFERENCES consignments (id) ON DELETE CASCADE,
    file_type       TEXT NOT NULL CHECK (file_type IN ('File', 'Folder')),
    file_name       TEXT NOT NULL,
    file_reference  TEXT NOT NULL UNIQUE,
    parent_id       TEXT REFERENCES transfer_files (id) ON DELETE CASCADE,
    original_path   TEXT NOT NULL,
    -- The browser's own id for the file, so it can match the server's ids to its files.
    upload_match_id TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (consignment_id, original_path)
);
CREATE INDEX transfer_files_by_parent ON transfer_files (parent_id);

CREATE TABLE file_metadata (
    file_id        TEXT NOT NULL REFERENCES transfer_files (id) ON DELETE CASCADE,
    property_name  TEXT NOT NULL,
    value          TEXT NOT NULL,
    PRIMARY KEY (file_id, property_name)
);

CREATE TABLE file_statuses (
    id           BIGSERIAL PRIMARY KEY,
    file_id      TEXT NOT NULL REFERENCES transfer_files (id) ON DELETE CASCADE,
    status_type  TEXT NOT NULL CHECK (status_type IN ('ChecksumMatch', 'Antivirus', 'FFID',
                     'Redaction', 'Upload', 'ServerChecksum', 'ClientChecks', 'ClientFilePath')),
    value        TEXT NOT NULL CHECK (value IN ('Success', 'Failed', 'Mismatch', 'VirusDetected',
                     'PasswordProtected', 'Zip', 'NonJudgmentFormat', 'ZeroByteFile',
                     'InProgress', 'Completed', 'MultipleFormats', 'Unidentified', 'Executable',
                     'OperatingSystemMac', 'NonRecord', 'SystemFile', 'Backup', 'Shortcut',
                     'LicenseContainsRegistrationInformation')),
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (file_id, status_type, value)
);
CREATE INDEX file_statuses_by_type ON file_statuses (status_type, file_id);

CREATE TABLE antivirus_metadata (
    file_id           TEXT PRIMARY KEY REFERENCES transfer_files (id) ON DELETE CASCADE,
    software          TEXT NOT NULL,
    software_version  TEXT NOT NULL,
    database_version  TEXT NOT NULL,
    -- The threats found, one per line; empty when the file is clean.
    result            TEXT NOT NULL,
    scanned_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE ffid_metadata (
    file_id                           TEXT PRIMARY KEY REFERENCES transfer_files (id) ON DELETE CASCADE,
    software                          TEXT NOT NULL,
    software_version                  TEXT NOT NULL,
    binary_signature_file_version     TEXT NOT NULL,
    container_signature_file_version  TEXT NOT NULL,
    method                            TEXT NOT NULL,
    identified_at                     TIMESTAMPTZ NOT NULL
);

CREATE TABLE ffid_matches (
    file_id               TEXT NOT NULL REFERENCES ffid_metadata (file_id) ON DELETE CASCADE,
    position              INTEGER NOT NULL,
    extension             TEXT,
    identification_basis  TEXT NOT NULL,
    puid                  TEXT,
    extension_mismatch    BOOLEAN NOT NULL,
    format_name           TEXT NOT NULL,
    PRIMARY KEY (file_id, position)
);

-- When each check of each file ran, attempt by attempt: what shows the three checks of a file
-- run at the same time, and where a check that died part-way is seen to have been tried again.
CREATE TABLE transfer_check_runs (
    file_id      TEXT NOT NULL REFERENCES transfer_files (id) ON DELETE CASCADE,
    check_name   TEXT NOT NULL CHECK (check_name IN ('antivirus', 'checksum', 'ffid')),
    attempt      INTEGER NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    PRIMARY KEY (file_id, check_name, attempt)
);
