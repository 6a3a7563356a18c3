CREATE TABLE `catalog_items` (
	`id` text PRIMARY KEY NOT NULL,
	`county_code` text NOT NULL,
	`domain` text NOT NULL,
	`level` text NOT NULL,
	`township_code` text,
	`name` text NOT NULL,
	`content` text NOT NULL,
	`legal_basis` text NOT NULL,
	`time_limit` text NOT NULL,
	`responsible_body` text NOT NULL,
	`method` text NOT NULL,
	`channels` text NOT NULL,
	`audience` text NOT NULL,
	`audience_note` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `catalog_items_county_domain_idx` ON `catalog_items` (`county_code`,`domain`);--> statement-breakpoint
CREATE INDEX `catalog_items_updated_idx` ON `catalog_items` (`updated_at`);--> statement-breakpoint
CREATE INDEX `catalog_items_live_idx` ON `catalog_items` (`county_code`) WHERE "catalog_items"."deleted_at" is null;--> statement-breakpoint
CREATE TABLE `inbound_applied` (
	`message_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`applied_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`entity_version` integer NOT NULL,
	`envelope` text NOT NULL,
	`created_at` text NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE INDEX `outbox_sent_at_idx` ON `outbox` (`sent_at`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `api_tokens_user_idx` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE INDEX `api_tokens_expires_idx` ON `api_tokens` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`display_name` text NOT NULL,
	`created_at` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);