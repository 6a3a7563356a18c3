CREATE TABLE "annual_reports" (
	"county_code" varchar(6) NOT NULL,
	"year" integer NOT NULL,
	"version" bigint NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"request_table" jsonb NOT NULL,
	"proactive" jsonb NOT NULL,
	"review_litigation" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "annual_reports_county_code_year_pk" PRIMARY KEY("county_code","year")
);
