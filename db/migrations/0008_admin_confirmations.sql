-- Admin confirmations: a mutation an admin asked for waits here (with its reason and data) until the admin presses
-- Confirm or Cancel, or it expires. A row, like everything else, so a confirmation survives a restart and any process
-- can take it.
CREATE TABLE admin_confirmations (
  nonce text PRIMARY KEY CHECK (nonce ~ '^[0-9a-f]{8,32}$'),
  invoker_id text NOT NULL,
  action jsonb NOT NULL CHECK (jsonb_typeof(action) = 'object'),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > created_at)
);
CREATE INDEX admin_confirmations_expires_at ON admin_confirmations (expires_at);
