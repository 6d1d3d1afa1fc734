-- 0003: the ranking snapshot. Letter ranks and global ranks are a function of every ranked (player, race) entry, so
-- they are computed in one pass into `ranking_entries` and read from there by the leaderboard, the profile and the
-- match message. `ranking_sources.version` counts changes to what the snapshot depends on (ratings; players' country,
-- ban and main ID), bumped by triggers; a snapshot built from an older version (`ranking_snapshot.version`) is rebuilt
-- on the next read. The two are separate rows so that a rebuild never blocks a rating change.
-- Released migrations are never edited.

CREATE TABLE ranking_sources (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO ranking_sources DEFAULT VALUES;

CREATE TABLE ranking_snapshot (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- The sources' version the entries were built from (NULL: never built).
  version bigint,
  -- The "now" the entries were built for (activity is relative to it).
  computed_for timestamptz,
  ranked_count integer NOT NULL DEFAULT 0
);
INSERT INTO ranking_snapshot DEFAULT VALUES;

CREATE FUNCTION ranking_source_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ranking_sources SET version = version + 1 WHERE id;
  RETURN NULL;
END
$$;

CREATE TRIGGER ratings_change_ranking AFTER INSERT OR UPDATE OR DELETE ON ratings
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_source_changed();
CREATE TRIGGER ratings_truncate_ranking AFTER TRUNCATE ON ratings
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_source_changed();
CREATE TRIGGER players_change_ranking AFTER UPDATE OF country, banned_at, main_id OR DELETE ON players
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_source_changed();
CREATE TRIGGER players_truncate_ranking AFTER TRUNCATE ON players
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_source_changed();

-- One row per ranked entry (played, active, not banned), by global rank.
CREATE TABLE ranking_entries (
  global_rank integer PRIMARY KEY CHECK (global_rank > 0),
  discord_id text NOT NULL,
  race text NOT NULL,
  letter text NOT NULL CHECK (letter IN ('S', 'A', 'B', 'C', 'D', 'E', 'F')),
  -- The player's best entry (highest rating, then most recently played).
  best_race boolean NOT NULL,
  country text,
  rating integer NOT NULL,
  played integer NOT NULL,
  won integer NOT NULL,
  lost integer NOT NULL,
  drawn integer NOT NULL,
  UNIQUE (discord_id, race)
);
CREATE INDEX ranking_entries_race ON ranking_entries (race, global_rank);
CREATE INDEX ranking_entries_country ON ranking_entries (country, global_rank);
CREATE INDEX ranking_entries_letter ON ranking_entries (letter, global_rank);
CREATE INDEX ranking_entries_best ON ranking_entries (global_rank) WHERE best_race;
