-- CreateTable
CREATE TABLE "Household" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "building" TEXT NOT NULL,
    "unit" TEXT NOT NULL DEFAULT '',
    "room" TEXT NOT NULL,
    "livingAlone" BOOLEAN NOT NULL DEFAULT false,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "building" TEXT NOT NULL,
    "unit" TEXT NOT NULL DEFAULT '',
    "room" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "visitorName" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Household_communityId_building_unit_room_key" ON "Household"("communityId", "building", "unit", "room");

-- CreateIndex
CREATE INDEX "Visit_communityId_building_unit_room_at_idx" ON "Visit"("communityId", "building", "unit", "room", "at");

