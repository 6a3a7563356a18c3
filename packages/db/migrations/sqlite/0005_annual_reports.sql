CREATE TABLE `annual_reports` (
	`year` integer PRIMARY KEY NOT NULL,
	`overview` text DEFAULT '' NOT NULL,
	`problems` text DEFAULT '' NOT NULL,
	`other_matters` text DEFAULT '' NOT NULL,
	`proactive` text,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`published_at` text,
	`published_by` text,
	`published_version` integer DEFAULT 0 NOT NULL,
	`published` text
);
--> statement-breakpoint
CREATE TABLE `request_documents` (
	`request_id` text NOT NULL,
	`kind` text NOT NULL,
	`draft` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`request_id`, `kind`)
);
