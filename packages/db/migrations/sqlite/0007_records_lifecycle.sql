CREATE TABLE `negative_list_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`county_code` text NOT NULL,
	`category` text NOT NULL,
	`content` text NOT NULL,
	`legal_basis` text NOT NULL,
	`review_on` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `negative_list_entries_county_idx` ON `negative_list_entries` (`county_code`,`category`);--> statement-breakpoint
CREATE TABLE `negative_list_versions` (
	`county_code` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `record_attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`record_id` text NOT NULL,
	`county_code` text NOT NULL,
	`name` text NOT NULL,
	`media_type` text NOT NULL,
	`ext` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`data` blob NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`federated_at` text
);
--> statement-breakpoint
CREATE INDEX `record_attachments_record_idx` ON `record_attachments` (`record_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `withheld_assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`record_id` text NOT NULL,
	`county_code` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text NOT NULL,
	`assessed_on` text NOT NULL,
	`assessed_at` text NOT NULL,
	`assessed_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `withheld_assessments_record_idx` ON `withheld_assessments` (`record_id`,`assessed_at`);--> statement-breakpoint
ALTER TABLE `info_records` ADD `kind` text DEFAULT 'document' NOT NULL;--> statement-breakpoint
ALTER TABLE `info_records` ADD `interprets_record_id` text;--> statement-breakpoint
ALTER TABLE `info_records` ADD `interpretation_form` text;--> statement-breakpoint
ALTER TABLE `info_records` ADD `needs_interpretation` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `info_records` ADD `valid_until` text;--> statement-breakpoint
CREATE INDEX `info_records_interprets_idx` ON `info_records` (`interprets_record_id`);