-- DropIndex
DROP INDEX "ChatGroup_roomId_key";

-- DropIndex
DROP INDEX "OutboxMessage_dedupeKey_key";

-- CreateIndex
CREATE UNIQUE INDEX "ChatGroup_communityId_roomId_key" ON "ChatGroup"("communityId", "roomId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_communityId_dedupeKey_key" ON "OutboxMessage"("communityId", "dedupeKey");

