-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "urgent" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "OutboxMessage_communityId_urgent_status_id_idx" ON "OutboxMessage"("communityId", "urgent", "status", "id");

-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN "late" BOOLEAN NOT NULL DEFAULT false;
