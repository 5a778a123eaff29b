-- The dashboard's cards (app::lpa::server::Lpas::list_page) read these, kept beside each LPA at
-- every save, instead of 50 whole documents: the donor's name as shown, the type, and whether the
-- LPA's people may be reused (its people to notify were confirmed).
ALTER TABLE applications ADD COLUMN donor_name TEXT;
ALTER TABLE applications ADD COLUMN lpa_type TEXT
    CHECK (lpa_type IN ('property-and-financial', 'health-and-welfare'));
ALTER TABLE applications ADD COLUMN reusable BOOLEAN NOT NULL DEFAULT FALSE;

-- LPAs saved before this migration, from their documents (the shape of app::lpa::model).
UPDATE applications SET
    donor_name = CASE WHEN document ? 'donor' THEN
        concat_ws(' ', document #>> '{donor,name,title}', document #>> '{donor,name,first}',
                  document #>> '{donor,name,last}') END,
    lpa_type = document ->> 'type',
    reusable = COALESCE((metadata ->> 'people-to-notify-confirmed')::BOOLEAN, FALSE);
