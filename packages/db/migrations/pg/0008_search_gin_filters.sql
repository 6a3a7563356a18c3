-- drizzle-kit cannot express extensions: btree_gin lets the GIN index hold the filter columns
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
DROP INDEX "search_documents_tsv_idx";--> statement-breakpoint
CREATE INDEX "search_documents_tsv_idx" ON "search_documents" USING gin ("tsv","city_code","county_code","township_code","domain","year","published_on","attribute","validity") WITH (fastupdate=false);