-- CreateTable
CREATE TABLE "Activity" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'activity',
    "title" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
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
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivitySignup" (
    "id" SERIAL NOT NULL,
    "activityId" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "building" TEXT,
    "status" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "offeredAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "checkedInAt" TIMESTAMP(3),
    "checkedOutAt" TIMESTAMP(3),
    "minutes" INTEGER NOT NULL DEFAULT 0,
    "changedBy" TEXT NOT NULL,

    CONSTRAINT "ActivitySignup_pkey" PRIMARY KEY ("id")
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

