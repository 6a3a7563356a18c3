CREATE TABLE `annual_review_litigation` (
	`year` integer PRIMARY KEY NOT NULL,
	`counts` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `calendar_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`file` text NOT NULL,
	`loaded_at` text NOT NULL,
	`source` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `info_request_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`type` text NOT NULL,
	`on` text NOT NULL,
	`at` text NOT NULL,
	`by` text NOT NULL,
	`details` text,
	FOREIGN KEY (`request_id`) REFERENCES `info_requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `info_request_events_request_idx` ON `info_request_events` (`request_id`,`id`);--> statement-breakpoint
CREATE TABLE `info_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`tracking_no` text NOT NULL,
	`channel` text NOT NULL,
	`received_on` text NOT NULL,
	`applicant_name` text NOT NULL,
	`applicant_id_type` text,
	`applicant_id_number` text,
	`applicant_phone` text,
	`applicant_email` text,
	`applicant_address` text,
	`organisation_name` text,
	`applicant_type` text NOT NULL,
	`description` text NOT NULL,
	`delivery_form` text NOT NULL,
	`status` text NOT NULL,
	`outcome` text,
	`reply_text` text,
	`replied_on` text,
	`closed_on` text,
	`due_on` text,
	`provisional` integer DEFAULT false NOT NULL,
	`filed_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `info_requests_tracking_no_idx` ON `info_requests` (`tracking_no`);--> statement-breakpoint
CREATE INDEX `info_requests_status_due_idx` ON `info_requests` (`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `info_requests_received_idx` ON `info_requests` (`received_on`);