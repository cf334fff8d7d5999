-- AlterTable
ALTER TABLE "Case" ADD COLUMN "streetAt" DATETIME;
ALTER TABLE "Case" ADD COLUMN "streetDepartment" TEXT;
ALTER TABLE "Case" ADD COLUMN "streetNote" TEXT;
ALTER TABLE "Case" ADD COLUMN "streetReason" TEXT;

-- CreateIndex
CREATE INDEX "Case_streetAt_idx" ON "Case"("streetAt");

