-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN "fileData" BLOB;
ALTER TABLE "InboundMessage" ADD COLUMN "fileName" TEXT;

-- CreateTable
CREATE TABLE "CasePhoto" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "caseId" INTEGER NOT NULL,
    "messageId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "data" BLOB NOT NULL,
    "size" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "CasePhoto_messageId_key" ON "CasePhoto"("messageId");

-- CreateIndex
CREATE INDEX "CasePhoto_caseId_idx" ON "CasePhoto"("caseId");

-- CreateIndex
CREATE INDEX "CasePhoto_contactId_idx" ON "CasePhoto"("contactId");

