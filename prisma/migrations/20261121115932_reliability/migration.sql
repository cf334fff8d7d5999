-- AlterTable
ALTER TABLE "ChatGroup" ADD COLUMN "leftAt" DATETIME;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "anonymisedAt" DATETIME;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "broadcast" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "coalesce" TEXT;

-- CreateTable
CREATE TABLE "ConnectionLease" (
    "communityId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "acquiredAt" DATETIME NOT NULL
);

