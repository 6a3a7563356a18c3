CREATE TABLE `catalog_item_versions` (
	`item_id` text NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`snapshot` text NOT NULL,
	`at` text NOT NULL,
	`by` text NOT NULL,
	PRIMARY KEY(`item_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `catalog_review_comments` (
	`review_id` text PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`version` integer NOT NULL,
	`decision` text NOT NULL,
	`comments` text NOT NULL,
	`field_comments` text,
	`reviewer` text NOT NULL,
	`decided_at` text NOT NULL,
	`received_at` text NOT NULL,
	`applied` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `catalog_review_comments_item_idx` ON `catalog_review_comments` (`item_id`,`version`);--> statement-breakpoint
CREATE TABLE `standard_exemptions` (
	`standard_item_id` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`declared_by` text NOT NULL,
	`declared_at` text NOT NULL,
	`withdrawn_at` text,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `standard_guidelines` (
	`domain` text NOT NULL,
	`version` integer NOT NULL,
	`items` text NOT NULL,
	`published_at` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`domain`, `version`)
);
--> statement-breakpoint
ALTER TABLE `catalog_items` ADD `category` text;--> statement-breakpoint
ALTER TABLE `catalog_items` ADD `standard_item_id` text;--> statement-breakpoint
ALTER TABLE `catalog_items` ADD `adoption` text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE `catalog_items` ADD `standard_version` integer;--> statement-breakpoint
ALTER TABLE `catalog_items` ADD `next_review_on` text;--> statement-breakpoint
CREATE INDEX `catalog_items_standard_idx` ON `catalog_items` (`standard_item_id`);--> statement-breakpoint
CREATE INDEX `catalog_items_review_idx` ON `catalog_items` (`next_review_on`);