-- DropIndex
DROP INDEX "OutboxMessage_status_id_idx";

-- CreateIndex
CREATE INDEX "OutboxMessage_communityId_status_id_idx" ON "OutboxMessage"("communityId", "status", "id");

-- CreateIndex
CREATE INDEX "OutboxMessage_conversationId_status_id_idx" ON "OutboxMessage"("conversationId", "status", "id");
