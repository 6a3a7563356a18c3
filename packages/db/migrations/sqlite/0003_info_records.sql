CREATE TABLE `info_records` (
	`id` text PRIMARY KEY NOT NULL,
	`county_code` text NOT NULL,
	`township_code` text,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`body_text` text NOT NULL,
	`issuing_body` text NOT NULL,
	`doc_no` text,
	`written_on` text NOT NULL,
	`published_on` text,
	`domain` text NOT NULL,
	`catalog_item_id` text,
	`attribute` text NOT NULL,
	`proposed_attribute` text NOT NULL,
	`withheld_ground` text,
	`validity` text DEFAULT 'valid' NOT NULL,
	`valid_from` text,
	`expired_on` text,
	`repealed_on` text,
	`target_groups` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`label` text,
	`index_no` text,
	`index_year` integer,
	`index_seq` integer,
	`reviewed_by` text,
	`reviewed_at` text,
	`review_comment` text,
	`withdrawn_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `info_records_index_no_idx` ON `info_records` (`index_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `info_records_index_seq_idx` ON `info_records` (`county_code`,`index_year`,`index_seq`);--> statement-breakpoint
CREATE INDEX `info_records_status_idx` ON `info_records` (`county_code`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `info_records_published_idx` ON `info_records` (`published_on`) WHERE "info_records"."status" = 'published';--> statement-breakpoint
CREATE INDEX `info_records_domain_idx` ON `info_records` (`domain`);--> statement-breakpoint
CREATE TABLE `record_index_counters` (
	`county_code` text NOT NULL,
	`year` integer NOT NULL,
	`last_seq` integer NOT NULL,
	PRIMARY KEY(`county_code`, `year`)
);
--> statement-breakpoint
CREATE TABLE `record_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
