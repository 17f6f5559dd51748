ALTER TABLE "tracker_endorsements" ADD COLUMN "status" text DEFAULT 'proposed' NOT NULL;--> statement-breakpoint
ALTER TABLE "tracker_endorsements" ADD COLUMN "reviewed_by" text;--> statement-breakpoint
ALTER TABLE "tracker_endorsements" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "tracker_endorsements_by_status" ON "tracker_endorsements" USING btree ("tracker_id","status");