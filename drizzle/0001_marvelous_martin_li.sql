CREATE TABLE "board_records" (
	"election_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"hash" text NOT NULL,
	"line" text NOT NULL,
	"tracker" text,
	"alpha" text,
	"credential" text,
	CONSTRAINT "board_records_election_id_seq_pk" PRIMARY KEY("election_id","seq")
);
--> statement-breakpoint
CREATE TABLE "election_credentials" (
	"election_id" text NOT NULL,
	"credential" text NOT NULL,
	"active" boolean NOT NULL,
	CONSTRAINT "election_credentials_election_id_credential_pk" PRIMARY KEY("election_id","credential")
);
--> statement-breakpoint
CREATE TABLE "elections" (
	"id" text PRIMARY KEY NOT NULL,
	"procedure_id" text NOT NULL,
	"election_hash" text NOT NULL,
	"manifest" jsonb NOT NULL,
	"last_type" text NOT NULL,
	"head" text NOT NULL,
	"records" integer NOT NULL,
	"public_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "elections_procedure_id_unique" UNIQUE("procedure_id")
);
--> statement-breakpoint
ALTER TABLE "board_records" ADD CONSTRAINT "board_records_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_credentials" ADD CONSTRAINT "election_credentials_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elections" ADD CONSTRAINT "elections_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "board_records_tracker_idx" ON "board_records" USING btree ("election_id","tracker");--> statement-breakpoint
CREATE UNIQUE INDEX "board_records_alpha_idx" ON "board_records" USING btree ("election_id","alpha");--> statement-breakpoint
CREATE INDEX "board_records_type_idx" ON "board_records" USING btree ("election_id","type");