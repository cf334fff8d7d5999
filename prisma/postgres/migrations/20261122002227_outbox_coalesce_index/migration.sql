-- DropIndex
DROP INDEX "OutboxMessage_conversationId_status_id_idx";

-- CreateIndex
CREATE INDEX "OutboxMessage_conversationId_status_coalesce_id_idx" ON "OutboxMessage"("conversationId", "status", "coalesce", "id");

