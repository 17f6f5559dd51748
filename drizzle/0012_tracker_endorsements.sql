CREATE TABLE "tracker_endorsements" (
	"id" text PRIMARY KEY NOT NULL,
	"tracker_id" text NOT NULL,
	"contest_id" text NOT NULL,
	"candidate_id" text NOT NULL,
	"candidate_name" text NOT NULL,
	"member_id" text NOT NULL,
	"person" text NOT NULL,
	"stance" text NOT NULL,
	"date" date,
	"file_name" text NOT NULL,
	"outlet" text,
	"url" text,
	"published" date,
	"content_sha256" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tracker_endorsements" ADD CONSTRAINT "tracker_endorsements_tracker_id_trackers_id_fk" FOREIGN KEY ("tracker_id") REFERENCES "public"."trackers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tracker_endorsements_once" ON "tracker_endorsements" USING btree ("tracker_id","contest_id","candidate_id","member_id","stance","content_sha256");--> statement-breakpoint
CREATE INDEX "tracker_endorsements_by_contest" ON "tracker_endorsements" USING btree ("contest_id");--> statement-breakpoint
CREATE INDEX "tracker_endorsements_by_member" ON "tracker_endorsements" USING btree ("tracker_id","member_id");