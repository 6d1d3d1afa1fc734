-- 0004: the matchmaking snapshot reads one table. Each queue entry carries its player's region and the current
-- ratings of the races it queues with, kept up to date by triggers (on joining or changing races, on rating changes,
-- on region changes), so a snapshot of 10,000 queued players is one scan instead of three joins.
-- Released migrations are never edited.

ALTER TABLE queue_entries ADD COLUMN region text, ADD COLUMN bw_rating integer, ADD COLUMN sc2_rating integer;

UPDATE queue_entries q SET region = p.region FROM players p WHERE p.discord_id = q.discord_id;

UPDATE queue_entries q SET bw_rating = r.rating FROM ratings r WHERE r.discord_id = q.discord_id AND r.race = q.bw_race;

UPDATE queue_entries q SET sc2_rating = r.rating FROM ratings r WHERE r.discord_id = q.discord_id AND r.race = q.sc2_race;

CREATE FUNCTION queue_entry_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.region := (SELECT region FROM players WHERE discord_id = NEW.discord_id);
  NEW.bw_rating := (SELECT rating FROM ratings WHERE discord_id = NEW.discord_id AND race = NEW.bw_race);
  NEW.sc2_rating := (SELECT rating FROM ratings WHERE discord_id = NEW.discord_id AND race = NEW.sc2_race);
  RETURN NEW;
END
$$;

CREATE TRIGGER queue_entries_fill BEFORE INSERT OR UPDATE OF discord_id, bw_race, sc2_race ON queue_entries
  FOR EACH ROW EXECUTE FUNCTION queue_entry_fill();

CREATE FUNCTION queue_follow_ratings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE queue_entries q SET bw_rating = c.rating FROM changed c
    WHERE q.discord_id = c.discord_id AND q.bw_race = c.race AND q.bw_rating IS DISTINCT FROM c.rating;
  UPDATE queue_entries q SET sc2_rating = c.rating FROM changed c
    WHERE q.discord_id = c.discord_id AND q.sc2_race = c.race AND q.sc2_rating IS DISTINCT FROM c.rating;
  RETURN NULL;
END
$$;

CREATE TRIGGER ratings_insert_follow AFTER INSERT ON ratings REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION queue_follow_ratings();

CREATE TRIGGER ratings_update_follow AFTER UPDATE ON ratings REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION queue_follow_ratings();

CREATE FUNCTION queue_follow_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE queue_entries SET region = NEW.region WHERE discord_id = NEW.discord_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER players_region_follow AFTER UPDATE OF region ON players
  FOR EACH ROW WHEN (OLD.region IS DISTINCT FROM NEW.region) EXECUTE FUNCTION queue_follow_region();

CREATE INDEX queue_entries_order ON queue_entries (joined_at, discord_id);

DROP INDEX queue_entries_joined;
