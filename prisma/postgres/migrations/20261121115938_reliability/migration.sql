-- AlterTable
ALTER TABLE "ChatGroup" ADD COLUMN     "leftAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "anonymisedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "broadcast" TEXT,
ADD COLUMN     "coalesce" TEXT;

-- CreateTable
CREATE TABLE "ConnectionLease" (
    "communityId" INTEGER NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acquiredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConnectionLease_pkey" PRIMARY KEY ("communityId")
);

