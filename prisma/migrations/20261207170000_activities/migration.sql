-- CreateTable
CREATE TABLE "Activity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'activity',
    "title" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "timeGiven" BOOLEAN NOT NULL DEFAULT true,
    "place" TEXT,
    "building" TEXT,
    "places" INTEGER,
    "skill" TEXT,
    "organiserId" TEXT NOT NULL,
    "organiserName" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "cancelReason" TEXT,
    "groupId" INTEGER,
    "sourceMessage" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ActivitySignup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "activityId" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "building" TEXT,
    "status" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "offeredAt" DATETIME,
    "confirmedAt" DATETIME,
    "checkedInAt" DATETIME,
    "checkedOutAt" DATETIME,
    "minutes" INTEGER NOT NULL DEFAULT 0,
    "changedBy" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Activity_sourceMessage_key" ON "Activity"("sourceMessage");

-- CreateIndex
CREATE INDEX "Activity_communityId_startsAt_idx" ON "Activity"("communityId", "startsAt");

-- CreateIndex
CREATE INDEX "Activity_groupId_startsAt_idx" ON "Activity"("groupId", "startsAt");

-- CreateIndex
CREATE INDEX "ActivitySignup_activityId_status_idx" ON "ActivitySignup"("activityId", "status");

-- CreateIndex
CREATE INDEX "ActivitySignup_contactId_idx" ON "ActivitySignup"("contactId");

