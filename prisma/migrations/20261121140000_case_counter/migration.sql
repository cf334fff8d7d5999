-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Community" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastCaseNumber" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Community" ("createdAt", "id", "name", "timezone") SELECT "createdAt", "id", "name", "timezone" FROM "Community";
DROP TABLE "Community";
ALTER TABLE "new_Community" RENAME TO "Community";
CREATE UNIQUE INDEX "Community_name_key" ON "Community"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Existing communities continue from their highest case number.
UPDATE "Community" SET "lastCaseNumber" = COALESCE((SELECT MAX("number") FROM "Case" WHERE "Case"."communityId" = "Community"."id"), 0);
