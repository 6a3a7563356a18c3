ALTER TABLE "info_records" ADD COLUMN "doc_category" text;--> statement-breakpoint
ALTER TABLE "annual_reports" ADD COLUMN "record_id" text;--> statement-breakpoint
ALTER TABLE "annual_reports" ADD COLUMN "docx_attachment_id" text;