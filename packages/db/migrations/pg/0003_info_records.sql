CREATE TABLE "info_records" (
	"id" text PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"city_code" varchar(6),
	"township_code" varchar(12),
	"version" bigint NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"index_no" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"issuing_body" text NOT NULL,
	"doc_no" text,
	"written_on" date,
	"published_on" date,
	"domain" text NOT NULL,
	"catalog_item_id" text,
	"attribute" text NOT NULL,
	"label" text NOT NULL,
	"validity" text NOT NULL,
	"valid_from" date,
	"expired_on" date,
	"repealed_on" date,
	"target_groups" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"indexed_version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_documents" (
	"record_id" text PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"city_code" varchar(6),
	"township_code" varchar(12),
	"domain" text NOT NULL,
	"year" integer NOT NULL,
	"attribute" text NOT NULL,
	"validity" text NOT NULL,
	"published_on" date NOT NULL,
	"index_no" text NOT NULL,
	"title" text NOT NULL,
	"body_text" text NOT NULL,
	"tsv" "tsvector" NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "info_records_county_idx" ON "info_records" USING btree ("county_code","published_on");--> statement-breakpoint
CREATE INDEX "info_records_index_no_idx" ON "info_records" USING btree ("index_no");--> statement-breakpoint
CREATE INDEX "info_records_unindexed_idx" ON "info_records" USING btree ("id") WHERE "info_records"."indexed_version" < "info_records"."version";--> statement-breakpoint
CREATE INDEX "search_documents_tsv_idx" ON "search_documents" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "search_documents_published_idx" ON "search_documents" USING btree ("published_on" DESC NULLS LAST,"record_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "search_documents_county_idx" ON "search_documents" USING btree ("county_code","published_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "search_documents_domain_idx" ON "search_documents" USING btree ("domain","published_on" DESC NULLS LAST);