-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN     "caseId" INTEGER,
ADD COLUMN     "reading" TEXT;

-- AlterTable
ALTER TABLE "CaseEvent" ADD COLUMN     "sourceMessage" TEXT;

-- CreateIndex
CREATE INDEX "InboundMessage_groupId_id_idx" ON "InboundMessage"("groupId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CaseEvent_sourceMessage_key" ON "CaseEvent"("sourceMessage");

-- CreateIndex
CREATE INDEX "CaseEvent_actorId_idx" ON "CaseEvent"("actorId");

