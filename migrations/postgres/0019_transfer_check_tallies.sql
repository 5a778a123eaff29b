-- A consignment's tally of each server check over its files (the check's progress status type),
-- kept as statuses are recorded, so telling whether a check is done over all the files reads one
-- row: counting every file's statuses at each finding was quadratic in the consignment's size.
-- `files`: the consignment's files (not folders), fixed once its upload is complete, before any
-- check; `checked`: files with a status of the type; `failed`: those statuses that are not
-- `Success`.
CREATE TABLE transfer_check_tallies (
    consignment_id  TEXT NOT NULL REFERENCES consignments (id) ON DELETE CASCADE,
    status_type     TEXT NOT NULL CHECK (status_type IN ('Antivirus', 'ChecksumMatch', 'FFID')),
    files           BIGINT NOT NULL,
    checked         BIGINT NOT NULL,
    failed          BIGINT NOT NULL,
    PRIMARY KEY (consignment_id, status_type)
);

-- Consignments whose checks were under way.
INSERT INTO transfer_check_tallies (consignment_id, status_type, files, checked, failed)
SELECT f.consignment_id, s.status_type,
       (SELECT COUNT(*) FROM transfer_files a
         WHERE a.consignment_id = f.consignment_id AND a.file_type = 'File'),
       COUNT(DISTINCT s.file_id),
       SUM(CASE WHEN s.value <> 'Success' THEN 1 ELSE 0 END)
FROM file_statuses s JOIN transfer_files f ON f.id = s.file_id
WHERE s.status_type IN ('Antivirus', 'ChecksumMatch', 'FFID')
GROUP BY f.consignment_id, s.status_type;
