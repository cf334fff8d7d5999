import type { Wechaty } from 'wechaty'
import type { Clock } from '../clock.js'
import type { GroupDirectory } from '../inbound/groups.js'
import type { Logger } from '../logger.js'
import type { Alerts } from '../outbox/alerts.js'

interface RoomDeps {
  groups: GroupDirectory
  alerts: Alerts
  clock: Clock
  log: Logger
  /** False while this process listens as a standby account: the groups are the active account's to record. */
  isActive: () => boolean
  /** The account was removed from a served group (true), or added to one again (false). */
  removed: (removed: boolean) => void
}

/** A group renamed, the bot removed from a group or added to one: recorded, and the operator told of a removal. */
export function listenToRooms(wechaty: Wechaty, { groups, alerts, clock, log, isActive, removed }: RoomDeps): void {
  wechaty.on('room-topic', (room, topic) => {
    if (!isActive()) return
    groups.resolve(room.id, topic).catch((error) => log.error({ err: error, roomId: room.id }, 'could not record a group rename'))
  })
  wechaty.on('room-leave', (room, leavers) => {
    if (!isActive() || !leavers.some((c) => c.id === wechaty.currentUser?.id)) return
    groups
      .left(room.id, clock.now())
      .then(async (group) => {
        if (!group) return
        removed(true)
        log.warn({ roomId: room.id, topic: group.topic, dropped: group.dropped }, 'removed from a group; nothing more is sent there')
        await alerts.raise(`left:${room.id}`, `提醒：红管家被移出了群「${group.topic}」，之后不再往该群发消息${group.dropped ? `（${group.dropped} 条待发消息已取消）` : ''}。如需恢复，请把红管家重新拉进群。`)
      })
      .catch((error) => log.error({ err: error, roomId: room.id }, 'could not record leaving a group'))
  })
  wechaty.on('room-join', async (room, invitees) => {
    if (!isActive() || !invitees.some((c) => c.id === wechaty.currentUser?.id)) return
    alerts.clear(`left:${room.id}`)
    removed(false)
    // Reading the topic can fail too (the connection dropped): logged, never an unhandled rejection.
    await room
      .topic()
      .then((topic) => groups.resolve(room.id, topic))
      .catch((error) => log.error({ err: error, roomId: room.id }, 'could not record joining a group'))
  })
}
