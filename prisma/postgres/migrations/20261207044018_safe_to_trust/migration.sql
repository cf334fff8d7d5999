-- AlterTable
ALTER TABLE "ChatGroup" ADD COLUMN     "boundTopic" TEXT;

-- AlterTable
ALTER TABLE "InviteCode" ADD COLUMN     "buildings" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "DashboardSession" ADD COLUMN     "notice" TEXT;

-- AlterTable
ALTER TABLE "CasePhoto" ADD COLUMN     "key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "CasePhoto_key_key" ON "CasePhoto"("key");

