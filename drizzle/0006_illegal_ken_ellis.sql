CREATE TABLE "member_keys" (
	"roster_id" text NOT NULL,
	"seq" integer NOT NULL,
	"member_id" text NOT NULL,
	"public_key" text NOT NULL,
	"proof" text NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_keys_roster_id_seq_pk" PRIMARY KEY("roster_id","seq")
);
--> statement-breakpoint
DROP TABLE "seal_openings" CASCADE;--> statement-breakpoint
CREATE UNIQUE INDEX "member_keys_public_key_idx" ON "member_keys" USING btree ("public_key");--> statement-breakpoint
CREATE INDEX "member_keys_member_idx" ON "member_keys" USING btree ("roster_id","member_id");