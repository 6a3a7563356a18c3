CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"file" jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"loaded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "info_requests" (
	"tracking_no" varchar(24) PRIMARY KEY NOT NULL,
	"secret_hash" text,
	"county_code" varchar(6) NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"applicant_type" text NOT NULL,
	"filed_at" timestamp with time zone,
	"received_on" date,
	"due_on" date,
	"provisional" boolean DEFAULT false NOT NULL,
	"replied_on" date,
	"outcome" text,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "info_requests_county_idx" ON "info_requests" USING btree ("county_code","received_on");--> statement-breakpoint
CREATE INDEX "info_requests_open_idx" ON "info_requests" USING btree ("status","due_on");