CREATE TABLE "api_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"city_code" varchar(6),
	"display_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "catalog_items" (
	"id" text PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"domain" text NOT NULL,
	"level" text NOT NULL,
	"township_code" varchar(12),
	"name" text NOT NULL,
	"content" text NOT NULL,
	"legal_basis" text NOT NULL,
	"time_limit" text NOT NULL,
	"responsible_body" text NOT NULL,
	"method" text NOT NULL,
	"channels" jsonb NOT NULL,
	"audience" text NOT NULL,
	"audience_note" text,
	"status" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "counties" (
	"code" varchar(6) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city_code" varchar(6),
	"signing_public_key" text,
	"encryption_public_key" text,
	"enrolled_at" timestamp with time zone,
	"high_water_seq" bigint DEFAULT 0 NOT NULL,
	"max_seq_seen" bigint DEFAULT 0 NOT NULL,
	"last_heartbeat_seq" bigint DEFAULT 0 NOT NULL,
	"last_event_at" timestamp with time zone,
	"last_heartbeat_at" timestamp with time zone,
	"last_replay_requested_at" timestamp with time zone,
	"quarantined_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollment_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hub_outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"kind" text NOT NULL,
	"envelope" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"origin" varchar(6) NOT NULL,
	"seq" bigint NOT NULL,
	"kind" text NOT NULL,
	"schema" text NOT NULL,
	"entity_id" text NOT NULL,
	"entity_version" bigint NOT NULL,
	"envelope" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_pkey" PRIMARY KEY("origin","seq")
);
--> statement-breakpoint
CREATE TABLE "quarantine" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"subject" text NOT NULL,
	"county_code" varchar(6),
	"origin" text,
	"seq" text,
	"reason" text NOT NULL,
	"detail" text,
	"raw" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "catalog_items_county_idx" ON "catalog_items" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "enrollment_tokens_county_idx" ON "enrollment_tokens" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "hub_outbox_county_idx" ON "hub_outbox" USING btree ("county_code","seq");--> statement-breakpoint
CREATE INDEX "quarantine_county_idx" ON "quarantine" USING btree ("county_code","id");