import { z } from 'zod'
import { CALENDAR_RULES, DURATION, GROUP_KINDS, PARTIES, ROLES, STREET_ROLES } from './vocabulary.js'

const durationSchema = z.string().regex(DURATION, { message: 'write a duration like 30m, 4h, 3d or 7wd (working days)' })
const deadlinePairSchema = (respond: string, resolve: string) =>
  z.object({ respond: durationSchema.default(respond), resolve: durationSchema.default(resolve) }).prefault({})

const partySchema = z.object({
  /** The member (contact id) who handles this party's cases, unless a building names someone else. */
  handler: z.string().min(1).optional(),
  /** A staff group (its topic) that hears about every new case of this party. */
  group: z.string().min(1).optional(),
  /** Building → member id, for parties with a person per building. */
  buildings: z.record(z.coerce.string(), z.string().min(1)).default({}),
})


const isTimezone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

const groupSchema = z.object({
  topic: z.string().min(1),
  kind: z.enum(GROUP_KINDS),
  building: z.coerce.string().optional(),
})

const memberSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
  buildings: z.array(z.coerce.string()).default([]),
  /** A volunteer's phone, for the hours export volunteer platforms ask for (full only for secretaries). */
  phone: z.coerce.string().optional(),
})

const sendingSchema = z.object({
  minGapSeconds: z.number().min(0).default(3),
  jitterSeconds: z.tuple([z.number().min(0), z.number().min(0)]).default([1, 4]),
  perGroupGapSeconds: z.number().min(0).default(10),
  perGroupPerHour: z.number().int().positive().default(20),
  perMinute: z.number().int().positive().default(10),
  perHour: z.number().int().positive().default(120),
  /** At this many sends in 24 hours the operator is alerted (once a day). */
  dailyAlert: z.number().int().positive().default(200),
  /** At this many, group sends stop until the 24-hour window allows again; private replies go on. */
  dailyCap: z.number().int().positive().default(300),
  /** One broadcast to many groups: this many seconds (random within the range) between its groups. */
  broadcastGapSeconds: z.tuple([z.number().min(0), z.number().min(0)]).default([30, 60]),
  /** WeChat answered "频繁": all sends stop this many minutes, longer on each repeat within a day. */
  frequentPauseMinutes: z.array(z.number().positive()).min(1).default([30, 60, 120]),
  /** Commands one resident may have answered in an hour; past it one polite "later", then silence. Staff are not counted. */
  perContactPerHour: z.number().int().positive().default(20),
})

const calendarDays = z.record(z.string(), z.string().min(1, { message: '请写上节日名称，例如 春节' })).default({})
const isDateKey = (key: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(key) && new Date(`${key}T00:00:00Z`).toISOString().slice(0, 10) === key

/** Holidays and make-up workdays by date, over the library's calendar (its data may end before the years the bot runs in). */
const calendarSchema = z
  .object({ holidays: calendarDays, workdays: calendarDays })
  .superRefine((calendar, ctx) => {
    for (const field of ['holidays', 'workdays'] as const) {
      for (const key of Object.keys(calendar[field])) {
        if (!isDateKey(key)) ctx.addIssue({ code: 'custom', path: [field, key], message: /^\d{4}-\d{2}-\d{2}$/.test(key) ? '没有这一天' : '日期要写成 2027-01-01 这样' })
      }
    }
    for (const key of Object.keys(calendar.holidays)) {
      if (key in calendar.workdays) ctx.addIssue({ code: 'custom', path: ['workdays', key], message: '同一天不能既是假日又是调休上班日' })
    }
  })

/** What a community of a street knows of its street (from the street file): its people, departments and deadlines. */
export const streetPartSchema = z.object({
  name: z.string().min(1),
  members: z.array(z.object({ id: z.string().min(1), name: z.string().min(1), roles: z.array(z.enum(STREET_ROLES)).min(1) })).default([]),
  /** The street's departments (城管、住建、供水 …), each with the contact who takes its cases. */
  departments: z.array(z.object({ name: z.string().min(1), contact: z.string().min(1), contactName: z.string().min(1).optional() })).default([]),
  /** A case taken into the street's queue: its new deadlines (working days skip holidays as everywhere). */
  deadlines: deadlinePairSchema('1wd', '5wd'),
  /** Every community of the street, in the file's order (the weekly report ranks them). */
  communities: z.array(z.string().min(1)).default([]),
  /** The community whose account sends the street's weekly report (the first in the file). */
  sendsReport: z.boolean().default(false),
  weeklyReport: z.string().default('0 8 * * 1'),
})
export type StreetPart = z.infer<typeof streetPartSchema>

/**
 * The community file's schema. Whether a schedule's cron expression is valid is the scheduler's
 * to say (the bot passes its cron library's check); "off" turns a job off.
 */
export function communityConfigSchema(isValidCron: (expression: string) => boolean) {
  const cronSchema = z.string().refine((expr) => expr === 'off' || isValidCron(expr), { message: 'not a valid cron expression (or "off")' })
  return z.object({
    community: z.string().min(1),
    timezone: z.string().refine(isTimezone, { message: 'not a known IANA timezone' }).default('Asia/Shanghai'),
    botName: z.string().min(1).default('红管家'),
    groups: z.array(groupSchema).default([]),
    members: z.array(memberSchema).default([]),
    /** Contact ids of other bots in the groups (group managers, shop bots): their messages are not even stored. */
    ignoreContacts: z.array(z.string().min(1)).default([]),
    /** Phone numbers everyone may see (property hotline, station phone): never masked. Every other number of 7+ digits is. */
    publicNumbers: z.array(z.string().regex(/\d/)).default([]),
    /** Closed cases older than this many days lose their personal data (names, ids, free text, room). */
    retentionDays: z.number().int().positive().default(365),
    /** Days an invite code (npm run invite) may be used after it is made. */
    inviteDays: z.number().positive().default(7),
    /** A resident's consecutive messages this many seconds apart are one report told in pieces. */
    fragmentSeconds: z.number().int().min(0).max(600).default(120),
    schedules: z
      .object({
        dailySummary: cronSchema.default('0 20 * * *'),
        redSaturdayReminder: cronSchema.default('0 18 * * 5'),
        // Sundays too: a Red Saturday moved off a make-up workday takes place on the Sunday.
        redSaturdayMorning: cronSchema.default('0 8 * * 6,0'),
        redSaturdayThanks: cronSchema.default('0 18 * * 6,0'),
        weeklyDigest: cronSchema.default('0 9 * * 1'),
        branchMeeting: cronSchema.default('0 9 1 * *'),
        jointMeetingAgenda: cronSchema.default('0 9 20 * *'),
        homeVisits: cronSchema.default('0 9 1,16 * *'),
        starRating: cronSchema.default('0 10 31 12 *'),
        /** Per job: how late a slot missed while the bot was down may still be sent at start-up. */
        graceMinutes: z.record(z.string(), z.number().int().nonnegative()).default({}),
      })
      .prefault({}),
    /** Red Saturday on a public holiday or a make-up workday (调休): keep it, skip it, or move it to Sunday. */
    redSaturday: z
      .object({
        onHoliday: z.enum(CALENDAR_RULES).default('skip'),
        onMakeupWorkday: z.enum(CALENDAR_RULES).default('sunday'),
        /** Each building's Red Saturday its own activity, organised by its building head (来不了 is told to them). */
        byBuilding: z.boolean().default(false),
      })
      .prefault({}),
    /** Activities (接龙 and 活动): when each volunteer is reminded privately, local time (HH:MM). */
    activities: z
      .object({
        eveningReminder: z.string().regex(/^\d{1,2}:\d{2}$/).default('19:00'),
        dayReminder: z.string().regex(/^\d{1,2}:\d{2}$/).default('07:30'),
        /** How long a waiting volunteer has to take a freed place (回复「来」) before the next is asked. */
        offerMinutes: z.number().int().positive().default(120),
        /** A day before, an activity short of volunteers is also posted in the station group (its organiser is always told). */
        shortAlertToStation: z.boolean().default(false),
      })
      .prefault({}),
    sending: sendingSchema.prefault({}),
    routing: z.record(z.string(), z.enum(PARTIES)).default({}),
    parties: z.partialRecord(z.enum(PARTIES), partySchema).default({}),
    deadlines: z
      .object({
        urgent: deadlinePairSchema('30m', '24h'),
        normal: deadlinePairSchema('4h', '3d'),
        low: deadlinePairSchema('1wd', '7wd'),
      })
      .prefault({}),
    /** Days a resolved case waits for a rating before it is closed without one. */
    ratingWaitDays: z.number().positive().default(3),
    /** The station's own holidays and make-up workdays (or, in the file, the name of a file holding them). */
    calendar: calendarSchema.prefault({}),
    /** Set from the street file when the community is one of a street's (STREET_CONFIG); absent alone. */
    street: streetPartSchema.optional(),
  })
    .superRefine((config, ctx) => {
      const ids = new Set(config.members.map((m) => m.id))
      const topics = new Set(config.groups.map((g) => g.topic))
      for (const [party, p] of Object.entries(config.parties)) {
        if (!p) continue
        if (p.handler && !ids.has(p.handler)) ctx.addIssue({ code: 'custom', path: ['parties', party, 'handler'], message: `no member with id ${p.handler}` })
        if (p.group && !topics.has(p.group)) ctx.addIssue({ code: 'custom', path: ['parties', party, 'group'], message: `no group with topic ${p.group} under groups` })
        for (const [building, id] of Object.entries(p.buildings)) {
          if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['parties', party, 'buildings', building], message: `no member with id ${id}` })
        }
      }
    })
}

export type CommunityConfig = z.infer<ReturnType<typeof communityConfigSchema>>
export type SendingConfig = CommunityConfig['sending']
export type MemberConfig = CommunityConfig['members'][number]
export type DeadlineConfig = CommunityConfig['deadlines']

