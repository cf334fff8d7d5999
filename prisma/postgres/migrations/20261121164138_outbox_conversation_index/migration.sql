-- CreateIndex
CREATE INDEX "OutboxMessage_conversationId_status_id_idx" ON "OutboxMessage"("conversationId", "status", "id");

