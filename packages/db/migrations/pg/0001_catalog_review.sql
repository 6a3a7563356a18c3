CREATE TABLE "catalog_exemptions" (
	"county_code" varchar(6) NOT NULL,
	"standard_item_id" text NOT NULL,
	"reason" text,
	"version" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_exemptions_pkey" PRIMARY KEY("county_code","standard_item_id")
);
--> statement-breakpoint
CREATE TABLE "catalog_item_versions" (
	"item_id" text NOT NULL,
	"version" bigint NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"domain" text NOT NULL,
	"standard_item_id" text,
	"adoption" text NOT NULL,
	"status" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_item_versions_pkey" PRIMARY KEY("item_id","version")
);
--> statement-breakpoint
CREATE TABLE "catalog_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" text NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"version" bigint NOT NULL,
	"decision" text NOT NULL,
	"comments" text NOT NULL,
	"field_comments" jsonb,
	"reviewer" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standard_guidelines" (
	"domain" text NOT NULL,
	"version" integer NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text NOT NULL,
	"items" jsonb NOT NULL,
	CONSTRAINT "standard_guidelines_pkey" PRIMARY KEY("domain","version")
);
--> statement-breakpoint
CREATE TABLE "standard_items" (
	"id" text PRIMARY KEY NOT NULL,
	"domain" text NOT NULL,
	"category" text NOT NULL,
	"name" text NOT NULL,
	"content" text NOT NULL,
	"legal_basis" text NOT NULL,
	"time_limit" text NOT NULL,
	"responsible_body" text NOT NULL,
	"method" text NOT NULL,
	"channels" jsonb NOT NULL,
	"audience" text NOT NULL,
	"audience_note" text,
	"levels" jsonb NOT NULL,
	"retired_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_items" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "catalog_items" ADD COLUMN "standard_item_id" text;--> statement-breakpoint
ALTER TABLE "catalog_items" ADD COLUMN "adoption" text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_items" ADD COLUMN "next_review_on" date;--> statement-breakpoint
CREATE INDEX "catalog_item_versions_county_idx" ON "catalog_item_versions" USING btree ("county_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_reviews_item_version_idx" ON "catalog_reviews" USING btree ("item_id","version");--> statement-breakpoint
CREATE INDEX "catalog_reviews_county_idx" ON "catalog_reviews" USING btree ("county_code","at");--> statement-breakpoint
CREATE INDEX "standard_items_domain_idx" ON "standard_items" USING btree ("domain");