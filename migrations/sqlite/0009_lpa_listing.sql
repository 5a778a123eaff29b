-- The dashboard's cards (app::lpa::server::Lpas::list_page) read these, kept beside each LPA at
-- every save, instead of 50 whole documents: the donor's name as shown, the type, and whether the
-- LPA's people may be reused (its people to notify were confirmed).
ALTER TABLE applications ADD COLUMN donor_name TEXT;
ALTER TABLE applications ADD COLUMN lpa_type TEXT
    CHECK (lpa_type IN ('property-and-financial', 'health-and-welfare'));
ALTER TABLE applications ADD COLUMN reusable INTEGER NOT NULL DEFAULT 0 CHECK (reusable IN (0, 1));

-- LPAs saved before this migration, from their documents (the shape of app::lpa::model).
UPDATE applications SET
    donor_name = CASE WHEN json_type(document, '$.donor') IS NOT NULL THEN
        COALESCE(json_extract(document, '$.donor.name.title') || ' ', '')
        || json_extract(document, '$.donor.name.first') || ' '
        || json_extract(document, '$.donor.name.last') END,
    lpa_type = json_extract(document, '$.type'),
    reusable = COALESCE(json_extract(metadata, '$."people-to-notify-confirmed"'), 0);
