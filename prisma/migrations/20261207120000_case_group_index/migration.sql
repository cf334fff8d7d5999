-- CreateIndex
CREATE INDEX "Case_groupId_state_createdAt_idx" ON "Case"("groupId", "state", "createdAt");

