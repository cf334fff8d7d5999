import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { jobsFor } from '../../../schedules/jobs.js'
import { nextFirings } from '../../../bot/schedule/firings.js'
import { deadlinesFor } from '../../../handlers/cases/deadlines.js'
import { describe, expect, it } from 'vitest'
import { ConfigError, EXAMPLE_CONFIG_PATH, loadCommunityConfig, parseCommunityConfig } from '../../../bot/config/community-config.js'

describe('community config', () => {
  it('reads the file exactly as the chat contract shows it', () => {
    const config = loadCommunityConfig(new URL('../../fixtures/chat-md-community.yaml', import.meta.url).pathname)
    expect(config.community).toBe('淝南社区')
    expect(config.groups).toEqual([
      { topic: '3栋业主群', kind: 'building', building: '3' },
      { topic: '红管家服务驿站', kind: 'station' },
    ])
    expect(config.members[0]).toMatchObject({ id: 'wxid_peng2018', roles: ['secretary'] })
    expect(config.sending).toEqual({ minGapSeconds: 3, jitterSeconds: [1, 4], perGroupGapSeconds: 10, perGroupPerHour: 20, perMinute: 10, perHour: 120, dailyAlert: 200, dailyCap: 300, broadcastGapSeconds: [30, 60], frequentPauseMinutes: [30, 60, 120], perContactPerHour: 20 })
  })

  it('ships a documented example that loads', () => {
    expect(loadCommunityConfig(EXAMPLE_CONFIG_PATH).groups.length).toBeGreaterThan(2)
  })

  // What a station with a two-line file gets: every job on its usual day and hour in Shanghai, the usual deadlines.
  it('runs a community from a file of one line: the evening summary at 20:00 in Shanghai, urgent cases accepted within half an hour', () => {
    const config = parseCommunityConfig('community: 测试社区\n', 'short.yaml')
    const summary = jobsFor(config).find((j) => j.name === 'dailySummary')!
    const [first] = nextFirings(summary.cron, config.timezone, new Date('2026-11-20T01:00:00Z'), 1)
    expect(first).toEqual(new Date('2026-11-20T20:00:00+08:00'))
    const saturday = jobsFor(config).find((j) => j.name === 'redSaturdayReminder')!
    expect(nextFirings(saturday.cron, config.timezone, new Date('2026-11-20T01:00:00Z'), 1)[0]).toEqual(new Date('2026-11-20T18:00:00+08:00'))
    const reported = new Date('2026-11-20T02:00:00Z')
    const urgent = deadlinesFor('urgent', reported, config)
    expect(urgent.respondBy.getTime() - reported.getTime()).toBe(30 * 60_000)
    expect(jobsFor(config)).toHaveLength(9)
  })

  it('turns a job off with "off" and refuses a wrong cron expression', () => {
    const config = parseCommunityConfig('community: 测试社区\nschedules:\n  starRating: "off"\n', 'off.yaml')
    expect(config.schedules.starRating).toBe('off')
    expect(jobsFor(config).map((j) => j.name)).toEqual(['dailySummary', 'redSaturdayReminder', 'redSaturdayMorning', 'redSaturdayThanks', 'weeklyDigest', 'branchMeeting', 'jointMeetingAgenda', 'homeVisits'])
    expect(() => parseCommunityConfig('community: 测试社区\nschedules:\n  homeVisits: "每月两次"\n', 'bad.yaml')).toThrow(/schedules\.homeVisits: not a valid cron expression/)
  })

  it('names wrong deadlines and handlers who are not members', () => {
    const text = [
      'community: 测试社区',
      'groups: [{ topic: 3栋业主群, kind: building, building: "3" }]',
      'members: [{ id: wxid_a, name: 小王, roles: [property] }]',
      'deadlines: { low: { respond: 一天 } }',
      'parties:',
      '  物业: { handler: wxid_nobody, group: 物业群, buildings: { "3": wxid_a } }',
    ].join('\n')
    try {
      parseCommunityConfig(text, 'bad.yaml')
      expect.unreachable()
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n')
      expect(problems).toContain('deadlines.low.respond')
      expect(problems).toContain('parties.物业.handler: no member with id wxid_nobody')
      expect(problems).toContain('parties.物业.group: no group with topic 物业群')
      expect(problems).not.toContain('buildings')
    }
  })

  it('names every wrong key of a bad file', () => {
    const bad = [
      'timezone: Mars/Olympus',
      'groups:',
      '  - topic: 3栋业主群',
      '    kind: tower',
      'members:',
      '  - id: wxid_x',
      '    name: 某人',
      '    roles: [king]',
      'schedules:',
      '  dailySummary: "every evening"',
    ].join('\n')
    let error: unknown
    try {
      parseCommunityConfig(bad, 'bad.yaml')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as ConfigError).message
    for (const key of ['community', 'timezone', 'groups[0].kind', 'members[0].roles[0]', 'schedules.dailySummary']) {
      expect(message).toContain(key)
    }
  })

  it('says so when the file is missing or not YAML', () => {
    expect(() => loadCommunityConfig('/nonexistent/community.yaml')).toThrow(/读不到文件/)
    expect(() => parseCommunityConfig('groups: [unclosed', 'x.yaml')).toThrow(/不是合法的 YAML/)
  })
  it('reads holidays and make-up workdays from the file calendar names, and explains a wrong date', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'calendar-config-'))
    writeFileSync(path.join(dir, 'days.yaml'), 'holidays:\n  "2027-01-01": 元旦\nworkdays:\n  "2027-02-20": 春节\n')
    writeFileSync(path.join(dir, 'c.yaml'), 'community: 测试社区\ncalendar: days.yaml\n')
    expect(loadCommunityConfig(path.join(dir, 'c.yaml')).calendar).toEqual({ holidays: { '2027-01-01': '元旦' }, workdays: { '2027-02-20': '春节' } })
    expect(() => parseCommunityConfig('community: x\ncalendar:\n  holidays:\n    "2027-02-30": 春节\n', 'bad.yaml')).toThrow(/calendar\.holidays\.2027-02-30: 没有这一天/)
    expect(() => parseCommunityConfig('community: x\ncalendar: missing.yaml\n', path.join(dir, 'x.yaml'))).toThrow(/calendar: 读不到文件/)
  })
})
