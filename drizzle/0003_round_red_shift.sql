CREATE TABLE "procedure_seals" (
	"procedure_id" text NOT NULL,
	"seq" integer NOT NULL,
	"on" text NOT NULL,
	"outcome" text NOT NULL,
	"hash" text NOT NULL,
	"seal" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "procedure_seals_procedure_id_seq_pk" PRIMARY KEY("procedure_id","seq")
);
--> statement-breakpoint
CREATE TABLE "seal_openings" (
	"procedure_id" text NOT NULL,
	"seq" integer NOT NULL,
	"member_id" text NOT NULL,
	"slot" integer NOT NULL,
	"value" integer NOT NULL,
	"randomness" text NOT NULL,
	CONSTRAINT "seal_openings_procedure_id_seq_member_id_pk" PRIMARY KEY("procedure_id","seq","member_id")
);
--> statement-breakpoint
ALTER TABLE "procedure_seals" ADD CONSTRAINT "procedure_seals_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "seal_openings_member_idx" ON "seal_openings" USING btree ("procedure_id","member_id");