/** The words the whole program shares: who people are, what groups are for, who handles what. */

export const ROLES = ['resident', 'volunteer', 'building_head', 'grid_worker', 'property', 'secretary', 'admin', 'street_secretary', 'street_staff'] as const
export type Role = (typeof ROLES)[number]

/** The street's (街道's) own roles, given in the street file and held in every one of its communities. */
export const STREET_ROLES = ['street_secretary', 'street_staff'] as const

export const GROUP_KINDS = ['building', 'station', 'volunteers', 'staff'] as const
export type GroupKind = (typeof GROUP_KINDS)[number]

export const PARTIES = ['物业', '社区', '业委会', '志愿者'] as const
export type Party = (typeof PARTIES)[number]

/** A duration: 30m, 4h, 3d, or 2wd for working days on China's calendar (调休 included). */
export const DURATION = /^(\d+(?:\.\d+)?)\s*(m|h|d|wd)$/

/** What to do with a Red Saturday that falls on a public holiday or a make-up workday (调休). */
export const CALENDAR_RULES = ['keep', 'skip', 'sunday'] as const
export type CalendarRule = (typeof CALENDAR_RULES)[number]
