-- AlterTable
ALTER TABLE "ConnectionLease" ADD COLUMN "account" TEXT;
ALTER TABLE "ConnectionLease" ADD COLUMN "accountKey" TEXT;
ALTER TABLE "ConnectionLease" ADD COLUMN "reason" TEXT;
ALTER TABLE "ConnectionLease" ADD COLUMN "trouble" TEXT;
ALTER TABLE "ConnectionLease" ADD COLUMN "troubleSince" DATETIME;

-- CreateTable
CREATE TABLE "BotAccount" (
    "communityId" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "seenAt" DATETIME NOT NULL,

    PRIMARY KEY ("communityId", "contactId")
);

-- CreateIndex
CREATE INDEX "InboundMessage_talkerId_receivedAt_idx" ON "InboundMessage"("talkerId", "receivedAt");

