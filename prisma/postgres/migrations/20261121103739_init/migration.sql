-- CreateTable
CREATE TABLE "Community" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastCaseNumber" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Community_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatGroup" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "roomId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "building" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChatGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "buildings" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT 'config',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InviteCode" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedBy" TEXT,

    CONSTRAINT "InviteCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "wechatId" TEXT NOT NULL,
    "roomId" TEXT,
    "groupId" INTEGER,
    "talkerId" TEXT NOT NULL,
    "talkerName" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "handledAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "InboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" SERIAL NOT NULL,
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
    "respondBy" TIMESTAMP(3) NOT NULL,
    "resolveBy" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "overdueAt" TIMESTAMP(3),
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "streetBy" TIMESTAMP(3),
    "discussedAt" TIMESTAMP(3),

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseReporter" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "groupId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseReporter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT,
    "note" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rating" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "raterId" TEXT NOT NULL,
    "score" TEXT NOT NULL,
    "comment" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VolunteerSignup" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "saturday" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "building" TEXT,
    "status" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "checkedInAt" TIMESTAMP(3),
    "checkedOutAt" TIMESTAMP(3),
    "minutes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "VolunteerSignup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleRun" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "job" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "detail" TEXT,

    CONSTRAINT "ScheduleRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "conversationId" TEXT NOT NULL,
    "isRoom" BOOLEAN NOT NULL,
    "text" TEXT NOT NULL,
    "mentionIds" TEXT NOT NULL DEFAULT '',
    "fileName" TEXT,
    "fileData" BYTEA,
    "dedupeKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Household" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "building" TEXT NOT NULL,
    "unit" TEXT NOT NULL DEFAULT '',
    "room" TEXT NOT NULL,
    "livingAlone" BOOLEAN NOT NULL DEFAULT false,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "building" TEXT NOT NULL,
    "unit" TEXT NOT NULL DEFAULT '',
    "room" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "visitorName" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "Case_communityId_building_category_createdAt_idx" ON "Case"("communityId", "building", "category", "createdAt");

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

-- CreateIndex
CREATE INDEX "AuditLog_communityId_at_idx" ON "AuditLog"("communityId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Household_communityId_building_unit_room_key" ON "Household"("communityId", "building", "unit", "room");

-- CreateIndex
CREATE INDEX "Visit_communityId_building_unit_room_at_idx" ON "Visit"("communityId", "building", "unit", "room", "at");

-- AddForeignKey
ALTER TABLE "CaseReporter" ADD CONSTRAINT "CaseReporter_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

