-- The outbox: every message the bot sends outside an interaction response (DMs, channel posts, edits of earlier
-- messages) is a row first and is delivered by a worker within Discord's REST budget, retried until it is accepted or
-- fails for good. `idempotency_key` makes enqueueing the same message twice a no-op; `nonce` is sent with the message
-- (Discord's enforce_nonce), so a delivery repeated after a crash is not posted twice. A pending edit of one message
-- is one row whose body is replaced by newer edits (`version` counts them): the latest state wins.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('dm', 'post', 'edit')),
  user_id text,
  channel_id text,
  message_id text,
  body jsonb NOT NULL,
  nonce text NOT NULL,
  match_id integer,
  alert_admins boolean NOT NULL DEFAULT false,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  version integer NOT NULL DEFAULT 1,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  sent_at timestamptz,
  sent_message_id text,
  error_code text,
  error text,
  CHECK (kind <> 'dm' OR user_id IS NOT NULL),
  CHECK (kind = 'dm' OR channel_id IS NOT NULL),
  CHECK (kind <> 'edit' OR message_id IS NOT NULL)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE UNIQUE INDEX outbox_one_pending_edit ON outbox (channel_id, message_id) WHERE kind = 'edit' AND state = 'pending';
