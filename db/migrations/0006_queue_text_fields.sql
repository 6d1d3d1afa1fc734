-- 0006: the matchmaking snapshot travels as tab-separated text (one line per entry, vetoes joined by U+001F), which
-- PGlite and postgres.js return and split much faster than JSON; control characters in the text fields are refused so
-- the encoding is unambiguous. Released migrations are never edited.

ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_printable
  CHECK (array_to_string(vetoes, '') !~ '[[:cntrl:]]' AND COALESCE(region, '') !~ '[[:cntrl:]]');
