-- AlterTable
ALTER TABLE "Community" ADD COLUMN     "formKey" TEXT;

-- CreateTable
CREATE TABLE "ReportCode" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    "building" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ReportCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebReporter" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "caseId" INTEGER,
    "tokenHash" TEXT NOT NULL,
    "followCode" TEXT NOT NULL,
    "codeId" INTEGER NOT NULL,
    "phone" TEXT,
    "name" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "erasedAt" TIMESTAMP(3),

    CONSTRAINT "WebReporter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReportCode_slug_key" ON "ReportCode"("slug");

-- CreateIndex
CREATE INDEX "ReportCode_communityId_building_idx" ON "ReportCode"("communityId", "building");

-- CreateIndex
CREATE UNIQUE INDEX "WebReporter_contactId_key" ON "WebReporter"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "WebReporter_tokenHash_key" ON "WebReporter"("tokenHash");

-- CreateIndex
CREATE INDEX "WebReporter_caseId_idx" ON "WebReporter"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "WebReporter_communityId_followCode_key" ON "WebReporter"("communityId", "followCode");

