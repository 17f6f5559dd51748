ALTER TABLE "elections" ADD COLUMN "board_secret" text;--> statement-breakpoint
ALTER TABLE "elections" ADD COLUMN "credential_authority" text;--> statement-breakpoint
ALTER TABLE "elections" ADD COLUMN "credentials_fingerprint" text;