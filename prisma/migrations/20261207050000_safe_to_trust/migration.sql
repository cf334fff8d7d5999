-- AlterTable
ALTER TABLE "ChatGroup" ADD COLUMN "boundTopic" TEXT;

-- AlterTable
ALTER TABLE "DashboardSession" ADD COLUMN "notice" TEXT;

-- AlterTable
ALTER TABLE "CasePhoto" ADD COLUMN "key" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_InviteCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "buildings" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "usedBy" TEXT
);
INSERT INTO "new_InviteCode" ("code", "communityId", "createdAt", "id", "name", "roles", "usedAt", "usedBy") SELECT "code", "communityId", "createdAt", "id", "name", "roles", "usedAt", "usedBy" FROM "InviteCode";
DROP TABLE "InviteCode";
ALTER TABLE "new_InviteCode" RENAME TO "InviteCode";
CREATE UNIQUE INDEX "InviteCode_code_key" ON "InviteCode"("code");
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
    "anonymisedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    "overdueAt" DATETIME,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "streetBy" DATETIME,
    "discussedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Case" ("acceptedAt", "anonymisedAt", "assigneeId", "assigneeName", "building", "category", "closedAt", "communityId", "createdAt", "discussedAt", "escalationLevel", "groupId", "id", "number", "overdueAt", "parserVersion", "party", "reporterId", "reporterName", "resolveBy", "resolvedAt", "respondBy", "room", "sourceMessage", "state", "streetBy", "text", "unit", "updatedAt", "urgency") SELECT "acceptedAt", "anonymisedAt", "assigneeId", "assigneeName", "building", "category", "closedAt", "communityId", "createdAt", "discussedAt", "escalationLevel", "groupId", "id", "number", "overdueAt", "parserVersion", "party", "reporterId", "reporterName", "resolveBy", "resolvedAt", "respondBy", "room", "sourceMessage", "state", "streetBy", "text", "unit", "updatedAt", "urgency" FROM "Case";
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
CREATE UNIQUE INDEX "CasePhoto_key_key" ON "CasePhoto"("key");

