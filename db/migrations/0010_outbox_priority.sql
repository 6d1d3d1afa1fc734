-- Delivery lanes of the outbox. Discord's global REST budget (50 requests a second) is shared by everything the bot
-- sends outside interaction answers; when it is the bottleneck, what a player must act on goes first:
--   0 urgent: match messages (found, confirmed, results, reminders) — a confirmation deadline is running;
--   1 normal: everything else (admin log posts, notices);
--   2 background: refreshes of the searching message (the latest state wins; one more wave will refresh it again).
-- A pending edit keeps the most urgent lane of the states coalesced into it.
ALTER TABLE outbox ADD COLUMN priority smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 2);
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (priority, next_attempt_at, id) WHERE state = 'pending';
