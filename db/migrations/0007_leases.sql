-- Leases: one holder at a time for work that must run in a single process (the matchmaker), taken over when the
-- holder stops renewing it.
CREATE TABLE leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);
