-- 0002: replay reuse lookups by file hash across matches, reminders sent per match (so a restart or a second process
-- never sends one twice), and the one-time Shield Battery acknowledgement. Released migrations are never edited.

CREATE INDEX replays_file_sha256 ON replays (file_sha256);

ALTER TABLE matches ADD COLUMN reminders_sent smallint NOT NULL DEFAULT 0 CHECK (reminders_sent BETWEEN 0 AND 10);

ALTER TABLE players ADD COLUMN shield_battery_acknowledged_at timestamptz;

CREATE INDEX audit_log_match ON audit_log (target_match) WHERE target_match IS NOT NULL;
