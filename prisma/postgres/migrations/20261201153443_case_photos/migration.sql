-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN     "fileData" BYTEA,
ADD COLUMN     "fileName" TEXT;

-- CreateTable
CREATE TABLE "CasePhoto" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "caseId" INTEGER NOT NULL,
    "messageId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CasePhoto_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CasePhoto_messageId_key" ON "CasePhoto"("messageId");

-- CreateIndex
CREATE INDEX "CasePhoto_caseId_idx" ON "CasePhoto"("caseId");

-- CreateIndex
CREATE INDEX "CasePhoto_contactId_idx" ON "CasePhoto"("contactId");

