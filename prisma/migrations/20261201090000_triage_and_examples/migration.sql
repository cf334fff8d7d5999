-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN "mentions" TEXT;

-- CreateTable
CREATE TABLE "TrainingExample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "caseId" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "groupTopic" TEXT,
    "text" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "TrainingExample_communityId_at_idx" ON "TrainingExample"("communityId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "TrainingExample_caseId_source_messageId_key" ON "TrainingExample"("caseId", "source", "messageId");

