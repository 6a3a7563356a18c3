CREATE TABLE "attachment_chunks" (
	"attachment_id" text NOT NULL,
	"idx" integer NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "attachment_chunks_attachment_id_idx_pk" PRIMARY KEY("attachment_id","idx")
);
--> statement-breakpoint
CREATE TABLE "negative_lists" (
	"county_code" varchar(6) PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"entries" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"record_id" text NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"chunks_total" integer NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"quarantined" boolean DEFAULT false NOT NULL,
	"data" "bytea",
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "info_records" ADD COLUMN "kind" text DEFAULT 'document' NOT NULL;--> statement-breakpoint
ALTER TABLE "info_records" ADD COLUMN "interprets_record_id" text;--> statement-breakpoint
ALTER TABLE "info_records" ADD COLUMN "interpretation_form" text;--> statement-breakpoint
CREATE INDEX "record_attachments_record_idx" ON "record_attachments" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "info_records_interprets_idx" ON "info_records" USING btree ("interprets_record_id");