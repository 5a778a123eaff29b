-- Where a completed LPA has got to at OPG, as Sirius last said (app::lpa::tracking): the status
-- kept beside each LPA for the dashboard's cards and for finding the LPAs still to ask about.
-- The status and its dates are in the metadata, under the real service's keys.
ALTER TABLE applications ADD COLUMN tracking_status TEXT
    CHECK (tracking_status IN ('received', 'checking', 'processed'));

-- The LPAs Sirius may still say something new about, in id order for the refresh's pages.
CREATE INDEX applications_in_flight ON applications (id)
    WHERE completed_at IS NOT NULL AND (tracking_status IS NULL OR tracking_status <> 'processed');
