CREATE TABLE "procedure_letters" (
	"procedure_id" text NOT NULL,
	"member_id" text NOT NULL,
	"status" text NOT NULL,
	"effective_from" text NOT NULL,
	"submitted_on" text NOT NULL,
	"withdrawn_on" text,
	"recorded_by" text NOT NULL,
	"simulated" boolean NOT NULL,
	"cycle" integer NOT NULL,
	CONSTRAINT "procedure_letters_procedure_id_member_id_pk" PRIMARY KEY("procedure_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "procedure_snapshots" (
	"procedure_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"roster_imported_at" timestamp with time zone NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "procedure_letters" ADD CONSTRAINT "procedure_letters_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_snapshots" ADD CONSTRAINT "procedure_snapshots_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_procedure_kind_idx" ON "audit_log" USING btree ("procedure_id","kind","seq");