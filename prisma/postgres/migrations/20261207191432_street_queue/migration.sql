-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "streetAt" TIMESTAMP(3),
ADD COLUMN     "streetDepartment" TEXT,
ADD COLUMN     "streetNote" TEXT,
ADD COLUMN     "streetReason" TEXT;

-- CreateIndex
CREATE INDEX "Case_streetAt_idx" ON "Case"("streetAt");

