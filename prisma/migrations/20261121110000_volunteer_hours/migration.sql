-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_VolunteerSignup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "saturday" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "building" TEXT,
    "status" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "checkedInAt" DATETIME,
    "checkedOutAt" DATETIME,
    "minutes" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_VolunteerSignup" ("building", "checkedInAt", "communityId", "contactId", "id", "name", "saturday", "signedAt", "status") SELECT "building", "checkedInAt", "communityId", "contactId", "id", "name", "saturday", "signedAt", "status" FROM "VolunteerSignup";
DROP TABLE "VolunteerSignup";
ALTER TABLE "new_VolunteerSignup" RENAME TO "VolunteerSignup";
CREATE UNIQUE INDEX "VolunteerSignup_communityId_saturday_contactId_key" ON "VolunteerSignup"("communityId", "saturday", "contactId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

