-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "fileData" BLOB;
ALTER TABLE "OutboxMessage" ADD COLUMN "fileName" TEXT;

