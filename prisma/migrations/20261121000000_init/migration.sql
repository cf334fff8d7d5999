-- CreateTable
CREATE TABLE "Community" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ChatGroup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "roomId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "building" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Member" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "buildings" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT 'config',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InviteCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "usedBy" TEXT
);

-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "wechatId" TEXT NOT NULL,
    "roomId" TEXT,
    "groupId" INTEGER,
    "talkerId" TEXT NOT NULL,
    "talkerName" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "handledAt" DATETIME,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "Case" (
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
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CaseReporter" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseId" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "CaseReporter_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseId" INTEGER NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT,
    "note" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Rating" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseId" INTEGER NOT NULL,
    "raterId" TEXT NOT NULL,
    "score" TEXT NOT NULL,
    "comment" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "Rating_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VolunteerSignup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "saturday" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "building" TEXT,
    "status" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "checkedInAt" DATETIME
);

-- CreateTable
CREATE TABLE "ScheduleRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "job" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "detail" TEXT
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "conversationId" TEXT NOT NULL,
    "isRoom" BOOLEAN NOT NULL,
    "text" TEXT NOT NULL,
    "mentionIds" TEXT NOT NULL DEFAULT '',
    "dedupeKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Community_name_key" ON "Community"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ChatGroup_roomId_key" ON "ChatGroup"("roomId");

-- CreateIndex
CREATE INDEX "ChatGroup_communityId_kind_idx" ON "ChatGroup"("communityId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Member_communityId_contactId_key" ON "Member"("communityId", "contactId");

-- CreateIndex
CREATE UNIQUE INDEX "InviteCode_code_key" ON "InviteCode"("code");

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_wechatId_key" ON "InboundMessage"("wechatId");

-- CreateIndex
CREATE INDEX "InboundMessage_status_idx" ON "InboundMessage"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Case_sourceMessage_key" ON "Case"("sourceMessage");

-- CreateIndex
CREATE INDEX "Case_communityId_createdAt_idx" ON "Case"("communityId", "createdAt");

-- CreateIndex
CREATE INDEX "Case_communityId_state_idx" ON "Case"("communityId", "state");

-- CreateIndex
CREATE INDEX "Case_communityId_resolvedAt_idx" ON "Case"("communityId", "resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Case_communityId_number_key" ON "Case"("communityId", "number");

-- CreateIndex
CREATE INDEX "CaseReporter_contactId_idx" ON "CaseReporter"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseReporter_caseId_contactId_key" ON "CaseReporter"("caseId", "contactId");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_at_idx" ON "CaseEvent"("caseId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Rating_caseId_key" ON "Rating"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "VolunteerSignup_communityId_saturday_contactId_key" ON "VolunteerSignup"("communityId", "saturday", "contactId");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleRun_communityId_job_slot_key" ON "ScheduleRun"("communityId", "job", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_id_idx" ON "OutboxMessage"("status", "id");

-- CreateIndex
CREATE INDEX "OutboxMessage_sentAt_idx" ON "OutboxMessage"("sentAt");

