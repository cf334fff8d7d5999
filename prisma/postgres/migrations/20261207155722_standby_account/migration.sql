-- AlterTable
ALTER TABLE "ConnectionLease" ADD COLUMN     "account" TEXT,
ADD COLUMN     "accountKey" TEXT,
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "trouble" TEXT,
ADD COLUMN     "troubleSince" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "BotAccount" (
    "communityId" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BotAccount_pkey" PRIMARY KEY ("communityId","contactId")
);

-- CreateIndex
CREATE INDEX "InboundMessage_talkerId_receivedAt_idx" ON "InboundMessage"("talkerId", "receivedAt");

