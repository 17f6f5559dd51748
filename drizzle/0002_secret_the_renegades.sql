CREATE TABLE "tracker_articles" (
	"id" text PRIMARY KEY NOT NULL,
	"tracker_id" text NOT NULL,
	"file_name" text NOT NULL,
	"outlet" text,
	"url" text,
	"published" date,
	"content_sha256" text NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracker_declarations" (
	"id" text PRIMARY KEY NOT NULL,
	"tracker_id" text NOT NULL,
	"member_id" text NOT NULL,
	"person" text NOT NULL,
	"stance" text NOT NULL,
	"date" date,
	"status" text NOT NULL,
	"confidence" real,
	"origin" text NOT NULL,
	"note" text,
	"reviewed_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracker_sources" (
	"id" text PRIMARY KEY NOT NULL,
	"declaration_id" text NOT NULL,
	"article_id" text,
	"outlet" text,
	"url" text,
	"file_name" text,
	"published" date,
	"evidence" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trackers" (
	"id" text PRIMARY KEY NOT NULL,
	"roster_id" text NOT NULL,
	"title" text NOT NULL,
	"party" text NOT NULL,
	"leader_name" text NOT NULL,
	"rulebook_id" text NOT NULL,
	"as_of" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tracker_articles" ADD CONSTRAINT "tracker_articles_tracker_id_trackers_id_fk" FOREIGN KEY ("tracker_id") REFERENCES "public"."trackers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracker_declarations" ADD CONSTRAINT "tracker_declarations_tracker_id_trackers_id_fk" FOREIGN KEY ("tracker_id") REFERENCES "public"."trackers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracker_sources" ADD CONSTRAINT "tracker_sources_declaration_id_tracker_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."tracker_declarations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracker_sources" ADD CONSTRAINT "tracker_sources_article_id_tracker_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."tracker_articles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trackers" ADD CONSTRAINT "trackers_roster_id_rosters_id_fk" FOREIGN KEY ("roster_id") REFERENCES "public"."rosters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tracker_articles_content" ON "tracker_articles" USING btree ("tracker_id","content_sha256");--> statement-breakpoint
CREATE INDEX "tracker_declarations_by_member" ON "tracker_declarations" USING btree ("tracker_id","member_id");--> statement-breakpoint
CREATE INDEX "tracker_declarations_by_status" ON "tracker_declarations" USING btree ("tracker_id","status");--> statement-breakpoint
CREATE INDEX "tracker_sources_by_declaration" ON "tracker_sources" USING btree ("declaration_id");