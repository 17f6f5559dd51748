ALTER TABLE "elections" ALTER COLUMN "procedure_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "elections" ADD COLUMN "contest_id" text;--> statement-breakpoint
ALTER TABLE "elections" ADD COLUMN "ballot" text;--> statement-breakpoint
ALTER TABLE "elections" ADD CONSTRAINT "elections_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "elections_contest_ballot_idx" ON "elections" USING btree ("contest_id","ballot");