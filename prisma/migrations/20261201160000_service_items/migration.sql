-- CreateTable
CREATE TABLE "ServiceItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "building" TEXT,
    "dueOn" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "doneAt" DATETIME,
    "doneBy" TEXT,
    "doneNote" TEXT
);

-- CreateIndex
CREATE INDEX "ServiceItem_communityId_doneAt_idx" ON "ServiceItem"("communityId", "doneAt");

