-- AlterTable
ALTER TABLE "CaseReporter" ADD COLUMN "groupId" INTEGER;

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Case" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "building" TEXT,
    "unit" TEXT,
    "room" TEXT,
    "urgency" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "reporterName" TEXT NOT NULL,
    "groupId" INTEGER,
    "party" TEXT NOT NULL,
    "assigneeId" TEXT,
    "assigneeName" TEXT,
    "parserVersion" TEXT NOT NULL,
    "sourceMessage" TEXT,
    "respondBy" DATETIME NOT NULL,
    "resolveBy" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "acceptedAt" DATETIME,
    "resolvedAt" DATETIME,
    "closedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    "overdueAt" DATETIME,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "streetBy" DATETIME,
    "discussedAt" DATETIME
);
INSERT INTO "new_Case" ("acceptedAt", "assigneeId", "assigneeName", "building", "category", "closedAt", "communityId", "createdAt", "groupId", "id", "number", "parserVersion", "party", "reporterId", "reporterName", "resolveBy", "resolvedAt", "respondBy", "room", "sourceMessage", "state", "text", "unit", "updatedAt", "urgency") SELECT "acceptedAt", "assigneeId", "assigneeName", "building", "category", "closedAt", "communityId", "createdAt", "groupId", "id", "number", "parserVersion", "party", "reporterId", "reporterName", "resolveBy", "resolvedAt", "respondBy", "room", "sourceMessage", "state", "text", "unit", "updatedAt", "urgency" FROM "Case";
DROP TABLE "Case";
ALTER TABLE "new_Case" RENAME TO "Case";
CREATE UNIQUE INDEX "Case_sourceMessage_key" ON "Case"("sourceMessage");
CREATE INDEX "Case_communityId_createdAt_idx" ON "Case"("communityId", "createdAt");
CREATE INDEX "Case_communityId_state_idx" ON "Case"("communityId", "state");
CREATE INDEX "Case_communityId_resolvedAt_idx" ON "Case"("communityId", "resolvedAt");
CREATE INDEX "Case_communityId_building_category_createdAt_idx" ON "Case"("communityId", "building", "category", "createdAt");
CREATE UNIQUE INDEX "Case_communityId_number_key" ON "Case"("communityId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AuditLog_communityId_at_idx" ON "AuditLog"("communityId", "at");

