-- County full-text search over information records: FTS5 with the trigram tokenizer, which
-- matches any substring of 3 or more characters (CJK included); shorter terms fall back to LIKE.
-- Kept in step with info_records by triggers; record_id is stored, not indexed.
CREATE VIRTUAL TABLE `info_records_fts` USING fts5(record_id UNINDEXED, title, body_text, tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO `info_records_fts` (record_id, title, body_text) SELECT id, title, body_text FROM `info_records`;
--> statement-breakpoint
CREATE TRIGGER `info_records_fts_insert` AFTER INSERT ON `info_records` BEGIN
  INSERT INTO `info_records_fts` (record_id, title, body_text) VALUES (new.id, new.title, new.body_text);
END;
--> statement-breakpoint
CREATE TRIGGER `info_records_fts_update` AFTER UPDATE OF title, body_text ON `info_records` BEGIN
  DELETE FROM `info_records_fts` WHERE record_id = old.id;
  INSERT INTO `info_records_fts` (record_id, title, body_text) VALUES (new.id, new.title, new.body_text);
END;
--> statement-breakpoint
CREATE TRIGGER `info_records_fts_delete` AFTER DELETE ON `info_records` BEGIN
  DELETE FROM `info_records_fts` WHERE record_id = old.id;
END;
