CREATE TABLE "search_attachment_texts" (
	"attachment_id" text PRIMARY KEY NOT NULL,
	"record_id" text NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"text" text NOT NULL,
	"detail" text,
	"extracted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_attachment_texts_record_idx" ON "search_attachment_texts" USING btree ("record_id");