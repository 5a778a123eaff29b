-- Make an LPA 2/3 (app::lpa::server): the fee and payment, the repeat application's case number,
-- whether the anonymous survey was answered; the survey's answers kept apart from the LPAs; and
-- the journey's events for the performance figures, with nothing that identifies anyone.
ALTER TABLE applications ADD COLUMN payment TEXT CHECK (payment IS NULL OR json_valid(payment));
ALTER TABLE applications ADD COLUMN who_are_you_answered INTEGER NOT NULL DEFAULT 0
    CHECK (who_are_you_answered IN (0, 1));
ALTER TABLE applications ADD COLUMN repeat_case_number INTEGER
    CHECK (repeat_case_number BETWEEN 0 AND 999999999999);

-- "Who was using the service?" (reference §3.10): no link to an LPA or an account, and only the
-- day, so an answer cannot be matched to the LPA it came from by time.
CREATE TABLE who_are_you (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    who         TEXT NOT NULL CHECK (who IN ('donor', 'friendOrFamily', 'financeProfessional',
                    'legalProfessional', 'estatePlanningProfessional', 'digitalPartner', 'charity',
                    'organisation', 'other', 'notSaid')),
    qualifier   TEXT CHECK (qualifier IS NULL OR (who = 'other' AND length(qualifier) <= 150)),
    answered_on TEXT NOT NULL
);

-- What happened in the journey, for the monthly figures: no LPA id, no account, only the day.
-- Each LPA records each kind once (the LPA's metadata remembers which it has recorded).
CREATE TABLE lpa_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT NOT NULL CHECK (kind IN ('started', 'reached-applicant', 'created',
                       'completed')),
    lpa_type       TEXT CHECK (lpa_type IN ('property-and-financial', 'health-and-welfare')),
    -- Completed only: card, cheque, or none (nothing to pay now).
    payment_method TEXT CHECK (payment_method IN ('card', 'cheque', 'none')),
    occurred_on    TEXT NOT NULL
);
CREATE INDEX lpa_events_occurred ON lpa_events (occurred_on, kind);

-- The dashboard's search by the donor's name.
CREATE INDEX applications_owner_search ON applications (owner, search);

-- The dashboard's "last signed in": the sign-in before the current one.
ALTER TABLE users ADD COLUMN previous_login_at TEXT;
