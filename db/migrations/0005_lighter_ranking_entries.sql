-- 0005: a rebuild of the ranking snapshot writes every ranked entry, so each index on `ranking_entries` costs on
-- every rebuild. Pages are read in global-rank order (the primary key) with filters; only the player lookup and the
-- country filter (which can be very selective) keep an index of their own. Released migrations are never edited.

DROP INDEX ranking_entries_race;

DROP INDEX ranking_entries_letter;

DROP INDEX ranking_entries_best;

ALTER TABLE ranking_entries DROP CONSTRAINT ranking_entries_discord_id_race_key;

CREATE INDEX ranking_entries_player ON ranking_entries (discord_id);
