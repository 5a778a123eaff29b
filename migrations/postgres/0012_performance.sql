-- The performance platform's monthly figures (app::performance, other-systems A.2–A.3).

-- Who applied to register each completed LPA (the donor or the attorneys), for /stats'
-- "who is applying" breakdown. Only completed events say; older rows did not record it.
ALTER TABLE lpa_events ADD COLUMN applicant TEXT
    CHECK (applicant IS NULL OR (kind = 'completed' AND applicant IN ('donor', 'attorneys')));

-- One row per month the `perfplat.month` job has worked out: the figures as JSON
-- (app::performance::figures::MonthFigures), replaced whole when the month is worked out again.
CREATE TABLE performance_months (
    month        TEXT PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-1][0-9]$'),
    figures      JSONB NOT NULL,
    generated_at TIMESTAMPTZ NOT NULL
);

-- Applications OPG received in a month through every channel (paper, phone and online), as OPG
-- reports it: digital take-up's denominator, entered by an admin as the real service's runbook
-- does by hand. Kept apart from the worked-out figures, so working a month out again keeps it.
CREATE TABLE performance_all_channels (
    month       TEXT PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-1][0-9]$'),
    received    BIGINT NOT NULL CHECK (received BETWEEN 1 AND 100000000),
    entered_at  TIMESTAMPTZ NOT NULL,
    entered_by  TEXT NOT NULL
);
