import { newSecret } from '../../handlers/dashboard/dashboard-commands.js'
import { pictureType } from '../../handlers/cases/attach-photo.js'
import type { CaseRow } from '../../handlers/ports.js'
import { MAX_PICTURE_BYTES } from '../inbound/handle-incoming.js'
import type { DashboardDeps } from './deps.js'
import type { Session } from './sessions.js'

/**
 * A picture staff attach when they resolve a case on the dashboard: kept with the case (once per
 * submission), never posted. What the page says about it, or '' when none was sent.
 */
export async function attachStaffPhoto(deps: DashboardDeps, session: Session, caseRow: CaseRow, upload: unknown, nonce: string): Promise<string> {
  if (!(upload instanceof File) || upload.size === 0) return ''
  if (upload.size > MAX_PICTURE_BYTES) return '照片超过 2 MB，没有附上。'
  const data = new Uint8Array(await upload.arrayBuffer())
  const mimeType = pictureType(upload.name, data)
  if (!mimeType) return '附件不是图片，没有附上。'
  await deps.db.casePhoto.upsert({
    where: { messageId: `dashboard:${session.id}:${nonce}:photo` },
    create: {
      communityId: deps.community.id, caseId: caseRow.id, messageId: `dashboard:${session.id}:${nonce}:photo`, contactId: session.sender.id,
      fileName: upload.name.slice(0, 80), mimeType, data: Buffer.from(data), size: data.length, source: 'staff', createdAt: deps.clock.now(), key: newSecret(),
    },
    update: {},
  })
  return '照片已附上。'
}
