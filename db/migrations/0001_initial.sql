-- 0001: the ladder's initial schema. Released migrations are never edited: add a new file instead.

CREATE TABLE seasons (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  -- Season data (maps with links, accepted mod versions, servers, cross table), validated by the bot at start-up.
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE UNIQUE INDEX seasons_one_active ON seasons ((true)) WHERE ended_at IS NULL;

CREATE TABLE players (
  discord_id text PRIMARY KEY CHECK (discord_id ~ '^[0-9]{1,20}$'),
  discord_username text NOT NULL,
  main_id text CHECK (main_id ~ '^[A-Za-z]{3,12}$'),
  battletag text CHECK (battletag ~ '^[^#]{1,12}#[0-9]{3,12}$'),
  alt_ids text[] NOT NULL DEFAULT '{}' CHECK (cardinality(alt_ids) <= 3),
  country text,
  region text,
  locale text,
  tos_accepted_at timestamptz,
  tos_declined_at timestamptz,
  setup_completed_at timestamptz,
  banned_at timestamptz,
  ban_reason text,
  state text NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'queueing', 'in_match')),
  queue_preferences jsonb NOT NULL DEFAULT '{}'::jsonb,
  queue_cooldown_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (setup_completed_at IS NULL OR (main_id IS NOT NULL AND battletag IS NOT NULL AND country IS NOT NULL AND region IS NOT NULL))
);
CREATE UNIQUE INDEX players_main_id_unique ON players (lower(main_id));
CREATE UNIQUE INDEX players_battletag_unique ON players (lower(battletag));

-- /setup in progress (so its buttons survive a restart).
CREATE TABLE setup_drafts (
  discord_id text PRIMARY KEY REFERENCES players ON DELETE CASCADE,
  draft jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE toon_handles (
  handle text PRIMARY KEY CHECK (handle ~ '^[0-9]+-S2-[0-9]+-[0-9]+$'),
  discord_id text NOT NULL REFERENCES players ON DELETE CASCADE,
  linked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX toon_handles_player ON toon_handles (discord_id);

CREATE TABLE ratings (
  discord_id text NOT NULL REFERENCES players ON DELETE CASCADE,
  race text NOT NULL CHECK (race IN ('bw_terran', 'bw_zerg', 'bw_protoss', 'sc2_terran', 'sc2_zerg', 'sc2_protoss')),
  rating integer NOT NULL DEFAULT 1500,
  played integer NOT NULL DEFAULT 0 CHECK (played >= 0),
  won integer NOT NULL DEFAULT 0 CHECK (won >= 0),
  lost integer NOT NULL DEFAULT 0 CHECK (lost >= 0),
  drawn integer NOT NULL DEFAULT 0 CHECK (drawn >= 0),
  last_played_at timestamptz,
  PRIMARY KEY (discord_id, race),
  CHECK (won + lost + drawn = played)
);
CREATE INDEX ratings_leaderboard ON ratings (race, rating DESC, discord_id) WHERE played > 0;
CREATE INDEX ratings_recent ON ratings (last_played_at DESC) WHERE played > 0;

CREATE TABLE queue_entries (
  discord_id text PRIMARY KEY REFERENCES players ON DELETE CASCADE,
  bw_race text CHECK (bw_race IN ('bw_terran', 'bw_zerg', 'bw_protoss')),
  sc2_race text CHECK (sc2_race IN ('sc2_terran', 'sc2_zerg', 'sc2_protoss')),
  vetoes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(vetoes) <= 4),
  joined_at timestamptz NOT NULL DEFAULT now(),
  wait_count integer NOT NULL DEFAULT 0 CHECK (wait_count >= 0),
  -- The "searching" message, updated with live counts.
  message_channel_id text,
  message_id text,
  CHECK (bw_race IS NOT NULL OR sc2_race IS NOT NULL)
);
CREATE INDEX queue_entries_joined ON queue_entries (joined_at);

CREATE TABLE matches (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  season_id integer REFERENCES seasons,
  map text NOT NULL,
  server text NOT NULL,
  channel text NOT NULL,
  state text NOT NULL DEFAULT 'created'
    CHECK (state IN ('created', 'confirmed', 'completed', 'conflict', 'aborted', 'abandoned', 'expired', 'invalidated')),
  created_at timestamptz NOT NULL DEFAULT now(),
  confirm_deadline timestamptz NOT NULL,
  confirmed_at timestamptz,
  result_deadline timestamptz,
  -- 1 or 2: that slot won; 0: draw.
  winner_slot smallint CHECK (winner_slot IN (0, 1, 2)),
  result_source text CHECK (result_source IN ('replay', 'reports', 'admin')),
  aborted_by_slot smallint CHECK (aborted_by_slot IN (1, 2)),
  resolved_by text,
  resolution_reason text,
  ended_at timestamptz,
  CHECK ((state = 'completed') = (winner_slot IS NOT NULL)),
  CHECK (state NOT IN ('confirmed', 'completed', 'conflict', 'expired') OR confirmed_at IS NOT NULL OR result_source = 'admin')
);
CREATE INDEX matches_open ON matches (state) WHERE state IN ('created', 'confirmed');

CREATE TABLE match_players (
  match_id integer NOT NULL REFERENCES matches ON DELETE CASCADE,
  slot smallint NOT NULL CHECK (slot IN (1, 2)),
  discord_id text NOT NULL REFERENCES players,
  race text NOT NULL,
  rating_before integer NOT NULL,
  confirmed_at timestamptz,
  report text CHECK (report IN ('win', 'loss', 'draw')),
  reported_at timestamptz,
  -- The rating change this match applied (NULL: none applied), so a re-resolution reverses exactly it.
  rating_change integer,
  is_open boolean NOT NULL DEFAULT true,
  PRIMARY KEY (match_id, slot)
);
-- One open match per player.
CREATE UNIQUE INDEX match_players_one_open ON match_players (discord_id) WHERE is_open;
CREATE INDEX match_players_player ON match_players (discord_id, match_id DESC);

CREATE TABLE replays (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  match_id integer NOT NULL REFERENCES matches ON DELETE CASCADE,
  uploader_id text NOT NULL REFERENCES players,
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  game_key text,
  storage_path text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes >= 0),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'parsed', 'verified', 'rejected', 'failed')),
  summary jsonb,
  verification jsonb,
  error text,
  UNIQUE (match_id, file_sha256)
);
-- A game (both players' copies share the key) can serve one match only.
CREATE TABLE replay_games (
  game_key text PRIMARY KEY,
  match_id integer NOT NULL REFERENCES matches ON DELETE CASCADE
);

CREATE TABLE abort_ledger (
  discord_id text NOT NULL REFERENCES players ON DELETE CASCADE,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  used integer NOT NULL DEFAULT 0 CHECK (used >= 0),
  PRIMARY KEY (discord_id, month)
);

CREATE TABLE admins (
  discord_id text PRIMARY KEY CHECK (discord_id ~ '^[0-9]{1,20}$'),
  granted_by text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id text NOT NULL,
  action text NOT NULL,
  target_player text,
  target_match integer,
  reason text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_player ON audit_log (target_player, at DESC);

CREATE TABLE setting_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  discord_id text NOT NULL REFERENCES players ON DELETE CASCADE,
  field text NOT NULL,
  old_value jsonb,
  new_value jsonb,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE command_calls (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  discord_id text NOT NULL,
  command text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX command_calls_player ON command_calls (discord_id, at DESC);
