-- Each claim of a source file by a load is a numbered attempt: its rows are staged in a table of
-- that attempt's own, and only the latest attempt may publish them. Two loads of one file at once
-- (two overlapping ingests) then never write into one staging table, and a claim drops the
-- staging table its predecessor (a load that died, or one it takes over from) left.
ALTER TABLE datafile_registry ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;
