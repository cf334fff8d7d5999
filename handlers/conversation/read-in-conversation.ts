import { normalizeText } from '../parse/normalize.js'
import type { Classifier } from '../parse/model/classifier.js'
import { anyHit, lexiconCategory, namesDanger } from '../parse/model/signals.js'
import { PROBLEM_TERMS } from '../parse/lexicon.js'
import { parseMessage, type ParsedMessage } from '../parse/parse-message.js'
import { supplyCategory, ADVICE, AFFECTED, AGREES, ANNOUNCES, ASKS_PROGRESS, EMOJI_ONLY, FAULT_WORDS, HELPING, HIT_BY_IT, NO_FAULT, REACTION, THANKS, URGES, PLACE_WORDS, SAME, SMALL_TALK, STAFF_REPLY, TELLS_PAST, saysDangerNow, saysFixed } from './cues.js'
import { extractLocation } from '../parse/location.js'
import { caseNumberOfOwnQuote, splitQuote, withoutMentions, type Quote } from './wechat-forms.js'

/** What a follow-up does to its case. */
export type FollowUpEffect = 'same' | 'urgent' | 'fixed' | 'info'

/** A group message as the reader sees it: who, when, what. */
export interface NewMessage {
  id: string
  senderId: string
  senderName: string
  /** Milliseconds since the epoch. */
  at: number
  text: string
  fromStaff: boolean
}

/** A message the group has seen, with the case it opened or joined, if any. */
export interface ThreadMessage extends NewMessage {
  caseRef: string | null
}

/** An open case of the group (of the last 48 hours, or one its recent messages joined). */
export interface OpenCase {
  ref: string
  number: number | null
  category: string
  building: string | null
  unit: string | null
  room: string | null
  urgency: string
  /** The reporter first, then co-reporters. */
  reporterIds: readonly string[]
  openedAt: number
  text: string
  /** A resident has said it works again (the case stays open until staff close it). */
  saidFixed?: boolean
  /** Kept for staff to confirm, unanswered: only its own reporter's words follow it up. */
  suspected?: boolean
}

/** What the reader knows of one group: its building, its recent messages (oldest first), its open cases. */
export interface ConversationState {
  groupBuilding: string | null
  recent: readonly ThreadMessage[]
  openCases: readonly OpenCase[]
  /** The names this bot goes by in the group (a quote of its own post names a case). */
  botNames: readonly string[]
  /** Consecutive messages of one sender this close are one report (FRAGMENT_WINDOW_MS unless the community sets it). */
  fragmentWindowMs?: number
}


export type ConversationReading =
  /** A case (or a suspected one, when `parsed.suspected`), with the whole report's words. */
  | { kind: 'report'; parsed: ParsedMessage; text: string }
  /** No new case: a note on `caseRef`, with its effect. */
  | { kind: 'followup'; caseRef: string; effect: FollowUpEffect; parsed: ParsedMessage; text: string }
  | { kind: 'nothing'; parsed: ParsedMessage; text: string }

const MINUTE = 60_000
/** Consecutive messages of one sender this close are one report. */
export const FRAGMENT_WINDOW_MS = 2 * MINUTE
/** Only cases opened within this window are followed up by meaning alone. */
export const OPEN_CASE_WINDOW_MS = 48 * 60 * MINUTE
/** Staff talk in their groups all day: only what the model is nearly sure of is a report of their own. */
const STAFF_REPORT_CONFIDENCE = 0.95

interface Candidate {
  c: OpenCase
  score: number
  topical: boolean
  conflict: boolean
  sinceActive: number
  quoted: boolean
  ownThread: boolean
  /** The message plainly names another kind of fault than the case's. */
  otherCategory: boolean
  /** The sender reported the case (or joined it). */
  reporter: boolean
  sameCategory: boolean
  similarity: number
  sharesThing: boolean
  /** The message names things the thread has not spoken of. */
  otherThing: boolean
}

/**
 * Reads a group message the way a secretary reads a group: a new report, a follow-up of one of the
 * group's open cases (and what it does to it), or nothing. Pure: the same state and message always
 * give the same reading, in the bot, the tests and the evaluation command.
 */
export function readInConversation(state: ConversationState, message: NewMessage, classifier: Classifier): ConversationReading {
  const { quote, reply } = splitQuote(message.text)
  const text = withoutMentions(reply) || reply
  const plain = normalizeText(text)
  const parsed = parseMessage(text, state.groupBuilding, classifier)
  const nothing: ConversationReading = { kind: 'nothing', parsed, text }

  const quotedRef = quote ? quotedCase(state, quote, message.senderId) : null
  // "一单元有水", "我家还行": a neighbour whose supply is fine reports nothing.
  if (!message.fromStaff && NO_FAULT.test(plain)) return nothing
  const answered = staffAnswers(state)
  const said = saidOf(plain, parsed)
  let lastOwn: ThreadMessage | undefined
  for (let i = state.recent.length - 1; i >= 0 && !lastOwn; i--) if (state.recent[i]!.senderId === message.senderId) lastOwn = state.recent[i]
  const candidates = state.openCases.map((c) => candidate(state, message, said, c, classifier, quotedRef, answered, lastOwn))
  const open = candidates.filter((c) => !c.conflict).sort((a, b) => b.score - a.score)
  // "单车被拉走了": works again is about the fault it names, however quiet its thread has gone.
  const best = (saysFixed(plain, '') || saysFixed(plain, 'noise') ? open.find((c) => c.sharesThing || c.sameCategory) : undefined) ?? open[0] ?? null

  if (message.fromStaff) {
    // Staff answer threads; a staff member's own report is one only when it is plainly new.
    const threadGoing = (best !== null && best.sinceActive < 2 * 60 * MINUTE) || answersResident(state, message.at)
    if (STAFF_REPLY.test(plain) || answersSomeone(state, plain) || threadGoing || !parsed.isRequest || parsed.confidence < STAFF_REPORT_CONFIDENCE || (best && best.topical)) return nothing
    return { kind: 'report', parsed, text }
  }

  const fragments = precedingFragments(state, message)
  const follow = (c: Candidate): ConversationReading => ({ kind: 'followup', caseRef: c.c.ref, effect: effectOf(plain, c, message, parsed), parsed, text })
  const report = (p: ParsedMessage, words: string): ConversationReading => ({ kind: 'report', parsed: withSendersPlace(state, message, p), text: words })

  if ((parsed.isRequest || parsed.suspected) && !(best && TELLS_PAST.test(plain))) {
    if (best && joins(best, plain, parsed)) {
      // A neighbour's advice in a live thread is talk, not news of the fault.
      const remark = (isAdvice(plain) || SMALL_TALK.test(plain)) && !best.quoted && !SAME.test(plain) && !saysDangerNow(plain) && !saysFixed(plain, best.c.category)
      return remark ? nothing : follow(best)
    }
    // Advice to neighbours while a thread is live ("少往下水倒油") reports nothing of its own.
    if (best && best.sinceActive < HOT_MS && isAdvice(plain) && !saysDangerNow(plain)) return nothing
    return report(parsed, fragments ? `${fragments} ${text}` : text)
  }

  // Not a report on its own: perhaps the end of one announced a moment ago.
  if (fragments) {
    const whole = parseMessage(`${fragments} ${text}`, state.groupBuilding, classifier)
    if (whole.isRequest || whole.suspected) return report(whole, `${fragments} ${text}`)
  }
  if (!best || SMALL_TALK.test(plain) || THANKS.test(plain) || EMOJI_ONLY.test(plain)) return nothing
  if ((REACTION.test(plain) || HELPING.test(plain)) && !saysDangerNow(plain) && !saysFixed(plain, best.c.category) && !SAME.test(plain) && !FAULT_WORDS.test(plain)) return nothing
  // "上回也这样 修了两天就好了": a story of an old fault says nothing of this one.
  if (TELLS_PAST.test(plain) && !saysDangerNow(plain)) return nothing
  if (best.quoted) return follow(best)
  const category = best.c.category
  const hot = best.sinceActive < HOT_MS
  if (saysFixed(plain, category) && (best.topical || best.ownThread || hot)) return follow(best)
  if (saysDangerNow(plain) && (best.topical || hot) && best.sinceActive < 6 * 60 * MINUTE) return follow(best)
  if (SAME.test(plain) && (best.topical || hot) && best.sinceActive < 12 * 60 * MINUTE) return follow(best)
  if (AGREES.test(plain) && best.sinceActive < 20 * MINUTE && !best.c.reporterIds.includes(message.senderId)) return follow(best)
  if (best.ownThread && best.sinceActive < 10 * MINUTE) return follow(best)
  // The reporter going on about their own live thread ("孩子上学牙都没刷").
  if (best.reporter && hot && !isAdvice(plain)) return follow(best)
  if (ASKS_PROGRESS.test(plain) && (best.topical || hot || (best.reporter && best.sinceActive < 24 * 60 * MINUTE))) return follow(best)
  if (hot && !isAdvice(plain) && (best.topical || parsed.confidence >= FAULT_TALK || PLACE_WORDS.test(plain))) return follow(best)
  // A neighbour telling how it hit them ("我刚从那过 好在没摔"), while the thread is live or about the same thing.
  if (AFFECTED.test(plain) && (anyHit(plain, PROBLEM_TERMS) || HIT_BY_IT.test(plain)) && (hot || best.topical)) return follow(best)
  // Minutes into a thread, words of a fault ("已经三天没人拉了", "我家孩子刚才被它吓哭了") are about it.
  if (best.sinceActive < 10 * MINUTE && !isAdvice(plain) && anyHit(plain, PROBLEM_TERMS)) return follow(best)
  return nothing
}

/** Telling the cause of a fault. */
const EXPLAINS = /^(是|因为|可能是|估计是|应该是|原来是|听说是)/

/** A question after a fault's state ("修了吗", "什么时候好"). */
const ASKS_AFTER = /吗|什么时候|啥时候|几点|有(结果|进展|消息)|是不是/

/** Still not working: about the fault as it was, not a new one. */
const STILL = /还(是|没|不|在)|仍然|依然|根本没/

/** Kinds so wide that sharing one says little about sharing a fault. */
const CATCH_ALL: ReadonlySet<string> = new Set(['safety', 'other'])

/** Advice or a remark on others ("抽烟的自觉点"), unless it tells of the fault itself ("门上那个闭门器坏了吧"). */
const isAdvice = (plain: string): boolean => ADVICE.test(plain) && !FAULT_WORDS.test(plain)

/** A thread this recently active is what the group is talking about. */
const HOT_MS = 45 * MINUTE
/** How many of a thread's latest messages its words are taken from. */
const THREAD_WORDS = 6

// Recent messages are read again with every new one: their normalised words are kept, a bounded number of them.
const NORMALIZED = new Map<string, string>()
function normalized(text: string): string {
  let n = NORMALIZED.get(text)
  if (n === undefined) {
    if (NORMALIZED.size >= 5000) NORMALIZED.delete(NORMALIZED.keys().next().value!)
    NORMALIZED.set(text, (n = normalizeText(text)))
  }
  return n
}
/** A message's own words, normalised: without the quote and the @-mentions. */
const bodyOf = (text: string): string => normalized(withoutMentions(splitQuote(text).reply))

/** Staff replies this soon after a thread's last resident message belong to it. */
const STAFF_ANSWER_MS = 60 * MINUTE
/** The model half sees a fault in it: said in a live thread, it is about that fault. */
const FAULT_TALK = 0.3

/** A report-like message that is about a case already open rather than a new one. */
function joins(best: Candidate, plain: string, parsed: ParsedMessage): boolean {
  if (best.quoted) return true
  const same = SAME.test(plain)
  // A few words seconds into a thread ("老人坐上去很危险") are about it, whatever kind the lexicon guesses.
  if (best.sinceActive < 5 * MINUTE && !best.otherThing && [...plain].length <= 12 && (!best.otherCategory || parsed.confidence < 0.9)) return true
  // The reporter finishing what they were saying ("底下是停车的地方"), whatever kind of words it takes.
  if (best.reporter && best.sinceActive < 3 * MINUTE && (!best.otherCategory || (!best.otherThing && parsed.confidence < 0.9))) return true
  // "对 我晚上遛狗都不敢走那": agreeing with what was just said.
  if (AGREES.test(plain) && best.sinceActive < 10 * MINUTE) return true
  if (best.otherCategory) return false
  // "Works again" is about a fault already told, not a new one.
  if (saysFixed(plain, best.c.category) && (best.reporter || best.topical || best.sinceActive < 3 * 60 * MINUTE)) return true
  // Asking after it, or urging, while the thread is live.
  if ((ASKS_PROGRESS.test(plain) || URGES.test(plain)) && best.sinceActive < HOT_MS && (best.topical || best.reporter || URGES.test(plain))) return true
  // The reporter adding to their own live thread, naming nothing new — or that it is getting dangerous.
  if (best.reporter && best.sinceActive < HOT_MS && (!best.otherThing || saysDangerNow(plain))) return true
  // Why it happened ("是楼顶漏下来的水冻的"), told while the thread is live.
  if (EXPLAINS.test(plain) && best.sinceActive < HOT_MS) return true
  // A confident report of something the thread has not spoken of is a new one, unless it says "the same".
  if (best.otherThing && parsed.confidence >= 0.97 && !same && !saysFixed(plain, best.c.category) && !(saysDangerNow(plain) && best.sinceActive < HOT_MS)) return false
  // Seconds into a thread, words that name no other fault are about it.
  if (best.sinceActive < 10 * MINUTE && !best.otherThing) return true
  // The first minutes of an incident: its cause and its spread are told in other words ("五楼的暖气管子好像爆了").
  if (best.sinceActive < 5 * MINUTE && (best.sameCategory || related(parsed.category ?? '', best.c.category))) return true
  if (saysDangerNow(plain) && best.topical && best.sinceActive < 6 * 60 * MINUTE) return true
  // The reporter adding a line a moment later ("还有半拉挂在上头晃荡呢").
  if (best.ownThread && best.sinceActive < 10 * MINUTE) return true
  // In a live thread, words about its fault that name no other are about it.
  // A live thread takes words about it; in a station's group, where every kind of thing is asked, only words that share something with it.
  const about = best.similarity >= 0.12 || best.sharesThing || (best.sameCategory && best.c.building !== null)
  if (best.sinceActive < HOT_MS && (about || same || (best.c.building !== null && parsed.confidence < 0.9))) return true
  if (best.sinceActive < HOT_MS && (isAdvice(plain) || SMALL_TALK.test(plain))) return true
  if (!best.topical) return false
  if (same || saysFixed(plain, best.c.category) || ASKS_PROGRESS.test(plain)) return best.sinceActive < 24 * 60 * MINUTE
  // The reporter's own words hours later: about their case when they speak of the same fault.
  if (best.ownThread && (best.sameCategory || best.similarity >= 0.2)) return best.sinceActive < 24 * 60 * MINUTE
  // Someone else's report-like words join only what is plainly the same fault.
  return sameFault(best) && best.sinceActive < 3 * 60 * MINUTE
}

/** A report in a station group that names no building, from someone who said a moment ago where they live. */
function withSendersPlace(state: ConversationState, message: NewMessage, parsed: ParsedMessage): ParsedMessage {
  if (parsed.building || state.groupBuilding) return parsed
  for (let i = state.recent.length - 1; i >= 0; i--) {
    const m = state.recent[i]!
    if (message.at - m.at > 2 * 60 * MINUTE) break
    if (m.senderId !== message.senderId) continue
    const place = extractLocation(normalizeText(m.text), null)
    if (place.building) return { ...parsed, building: place.building, unit: parsed.unit ?? place.unit, room: parsed.room ?? place.room }
  }
  return parsed
}

function effectOf(plain: string, c: Candidate, message: NewMessage, parsed: ParsedMessage): FollowUpEffect {
  if (saysFixed(plain, c.c.category)) return 'fixed'
  if (saysDangerNow(plain)) return 'urgent'
  // Words the model reads as an urgent report ("家里有刚出生的孩子 冻得直哭") make the case urgent too.
  const urgentWords = c.c.urgency !== 'urgent' && parsed.urgentProbability >= URGENT_FOLLOW_UP && (parsed.isRequest || parsed.suspected)
  // A danger the lexicon names (someone hurt, fire, gas, water spreading…), when it is not a neighbour's "me too".
  const named = c.c.urgency !== 'urgent' && namesDanger(plain) && !EXPLAINS.test(plain)
  if (c.c.reporterIds.includes(message.senderId)) return urgentWords || named ? 'urgent' : 'info'
  if (SAME.test(plain) || (AGREES.test(plain) && c.sinceActive < 20 * MINUTE)) return 'same'
  if (named) return 'urgent'
  // A neighbour telling how the fault hit them ("我刚坐上来 在六楼卡了一下") has it too.
  if (AFFECTED.test(plain) && (anyHit(plain, PROBLEM_TERMS) || HIT_BY_IT.test(plain))) return 'same'
  if (urgentWords) return 'urgent'
  // A neighbour reporting in their own words what is plainly the same fault reports it too.
  return parsed.isRequest && sameFault(c) && !ASKS_AFTER.test(plain) && !STILL.test(plain) ? 'same' : 'info'
}

/** The model's probability of urgency above which a follow-up's words make its case urgent (chosen on the development streams). */
const URGENT_FOLLOW_UP = 0.7

const sameFault = (c: Candidate): boolean => (c.sameCategory && (c.similarity >= 0.2 || c.sharesThing)) || c.similarity >= 0.35

/** The case of the quoted message: the bot's own post names it; else the quoted message's own case, or its sender's. */
function quotedCase(state: ConversationState, quote: Quote, quoter: string): string | null {
  const number = caseNumberOfOwnQuote(quote, state.botNames)
  if (number !== null) return state.openCases.find((c) => c.number === number)?.ref ?? null
  const quoted = normalizeText(quote.text).slice(0, 12)
  for (let i = state.recent.length - 1; i >= 0; i--) {
    const m = state.recent[i]!
    if (m.senderName !== quote.name) continue
    const body = bodyOf(m.text)
    if (!body.startsWith(quoted) && !quoted.startsWith(body.slice(0, 12))) continue
    return m.caseRef ?? answeredCase(state, i, quoter)
  }
  return null
}

/**
 * A quoted message of no case of its own (staff answering "骆师傅 我把申请表发您"): the case of the
 * message it answered — the quoting sender's, or that of the resident it names — shortly before it.
 */
function answeredCase(state: ConversationState, index: number, quoter: string): string | null {
  const quoted = state.recent[index]!
  for (let i = index - 1; i >= 0; i--) {
    const m = state.recent[i]!
    if (quoted.at - m.at > 2 * 60 * MINUTE) break
    if (m.caseRef && (m.senderId === quoter || (m.senderName.length >= 2 && quoted.text.includes(m.senderName)))) return m.caseRef
  }
  return null
}

/** The sender's own messages just before this one that opened nothing: the start of a report in pieces. */
function precedingFragments(state: ConversationState, message: NewMessage): string | null {
  const pieces: string[] = []
  let after = message.at
  for (let i = state.recent.length - 1; i >= 0; i--) {
    const m = state.recent[i]!
    if (m.senderId !== message.senderId) continue
    if (after - m.at > (state.fragmentWindowMs ?? FRAGMENT_WINDOW_MS) || m.caseRef !== null) break
    const body = withoutMentions(splitQuote(m.text).reply)
    if (!ANNOUNCES.test(normalizeText(body)) && pieces.length === 0 && [...body].length > 12) break
    pieces.unshift(body)
    after = m.at
  }
  return pieces.length ? pieces.join(' ') : null
}

/**
 * Each staff message of no case of its own, with the thread it answers: the one a resident spoke
 * in last before it, if that was within the hour.
 */
function staffAnswers(state: ConversationState): Map<ThreadMessage, string> {
  const answered = new Map<ThreadMessage, string>()
  let last: ThreadMessage | null = null
  for (const m of state.recent) {
    if (m.caseRef !== null && !m.fromStaff) last = m
    else if (m.fromStaff && m.caseRef === null && last && m.at - last.at <= STAFF_ANSWER_MS) answered.set(m, last.caseRef!)
  }
  return answered
}

/** What a message says, read once and compared with each open case. */
interface Said {
  plain: string
  parsed: ParsedMessage
  /** The kind the lexicon names, the kind the model reads, the supply it says is back. */
  named: string | null
  read: string | null
  supply: string | null
  /** The things it names. */
  things: readonly string[]
}

function saidOf(plain: string, parsed: ParsedMessage): Said {
  return {
    plain, parsed, named: lexiconCategory(plain), read: parsed.category && (parsed.isRequest || parsed.suspected) ? parsed.category : null,
    supply: supplyCategory(plain), things: plain.match(THINGS) ?? [],
  }
}

function candidate(state: ConversationState, message: NewMessage, said: Said, c: OpenCase, classifier: Classifier, quotedRef: string | null, answered: Map<ThreadMessage, string>, lastOwn: ThreadMessage | undefined): Candidate {
  const { plain, parsed, named, read } = said
  const quoted = quotedRef === c.ref
  const reporter = c.reporterIds.includes(message.senderId)
  // A fault said to work again that is reported again ("电梯又停了") has come back: a new case, unless the report says it never went.
  const cameBack = Boolean(c.saidFixed) && (parsed.isRequest || parsed.suspected) && !STILL.test(plain) && !saysFixed(plain, c.category) && !SAME.test(plain) && !ASKS_AFTER.test(plain)
  // A report staff have not confirmed never swallows a neighbour's words: they are read on their own.
  const doubted = Boolean(c.suspected) && !reporter
  // Another place, a fault come back, a doubted report: never the one, so nothing more is read of it.
  if (!quoted && (placeConflicts(parsed, c, state.groupBuilding, plain) || cameBack || doubted)) return conflicting(c)
  const thread = state.recent.filter((m) => m.caseRef === c.ref)
  const residentsLast = Math.max(c.openedAt, ...thread.map((m) => m.at))
  // Staff answering soon after keep the thread alive and lend it their words ("是二楼电表箱烧了").
  const answers = state.recent.filter((m) => answered.get(m) === c.ref)
  const lastActive = Math.max(residentsLast, ...answers.map((m) => m.at))
  const sinceActive = Math.max(0, message.at - lastActive)
  const ownThread = (reporter && sinceActive < 6 * 60 * MINUTE) || (lastOwn?.caseRef === c.ref && message.at - lastOwn.at < 10 * MINUTE)
  // What the thread says: the report and its latest few messages (residents' and the staff's answers).
  const spoken = [...thread.filter((m) => !m.fromStaff), ...answers].sort((a, b) => a.at - b.at).slice(-THREAD_WORDS)
  const parts = [normalized(c.text), ...spoken.map((m) => bodyOf(m.text))]
  const words = parts.join(' ')
  const similarity = classifier.similarity(plain, parts)
  // The same kind of fault, as the lexicon or the model reads it; a catch-all kind says little of which fault it is.
  const sameCategory = (named === c.category || read === c.category || said.supply === c.category) && !CATCH_ALL.has(c.category)
  const threadThings = thingsOf(words)
  const thing = sharesThing(said.things, threadThings)
  const otherThing = said.things.length > 0 && !thing
  // Only a fault named in so many words is another one; the model's guess at a short remark is not.
  // Kinds often told of one incident count as one only while it is going on.
  const akin = related(named ?? '', c.category) && sinceActive < HOT_MS
  const otherCategory = named !== null && named !== c.category && parsed.category !== c.category && !akin && similarity < 0.3 && !thing
  const topical = sameCategory || similarity >= 0.12 || thing
  // What the message is most likely about: the thread it quotes, then one that talks of the same thing, then the liveliest.
  let score = similarity * 4 + (sameCategory ? 2 : 0) + (thing ? 1.5 : 0) + (quoted ? 20 : 0)
  score += ownThread ? (sinceActive < 60 * MINUTE ? 1.5 : 0.5) : 0
  score += sinceActive < 5 * MINUTE ? 3 : sinceActive < 15 * MINUTE ? 2 : sinceActive < 60 * MINUTE ? 1 : sinceActive < 6 * 60 * MINUTE ? 0.5 : 0
  return { c, score, topical: topical || quoted, conflict: false, sinceActive, quoted, ownThread, otherCategory, sameCategory, similarity, sharesThing: thing, otherThing, reporter }
}

const conflicting = (c: OpenCase): Candidate => ({
  c, score: -Infinity, topical: false, conflict: true, sinceActive: Infinity, quoted: false, ownThread: false, otherCategory: true, sameCategory: false, similarity: 0, sharesThing: false, otherThing: true, reporter: false,
})

// A few words that name the thing a fault is about: two messages naming the same one are about one thing.
const THINGS = /电梯|楼梯灯|楼道灯|路灯|灯|水管|下水道?|地漏|马桶|水箱|水龙头|暖气|热水|燃气|煤气|门禁|单元门|防盗门|大门|门锁|闭门器|井盖|垃圾|电动车|车库|地库|车位|道闸|树|草|雪|冰|台阶|扶手|楼梯|狗|猫|鸽子|马蜂|蜂窝|玻璃|窗户?|屋檐|雨棚|天花板|墙皮|外墙|防水|楼顶|快递柜|快递|插线板|烟头|鱼缸|地砖|纸箱|车棚|广告|物业费|补贴|津贴|护理|入学|书法|医保|社保|配电箱|电表|电线|烧烤|音响|广场舞|装修|化粪池|健身器材|公厕|厕所|卫生间|厨房|阳台|井/g
/** "灯" and "楼道灯", "快递" and "快递柜" are the same thing told shorter or longer. */
function sharesThing(mine: readonly string[], theirs: readonly string[]): boolean {
  return mine.length > 0 && theirs.some((t) => mine.some((m) => m === t || m.includes(t) || t.includes(m)))
}

// A thread's words are read again with every new message: the things they name are kept, a bounded number of them.
const THINGS_OF = new Map<string, readonly string[]>()
function thingsOf(words: string): readonly string[] {
  let things = THINGS_OF.get(words)
  if (things === undefined) {
    if (THINGS_OF.size >= 5000) THINGS_OF.delete(THINGS_OF.keys().next().value!)
    THINGS_OF.set(words, (things = words.match(THINGS) ?? []))
  }
  return things
}


/** Words of a supply out (water, power, heating, gas): a whole building's fault, told unit by unit. */
const OUTAGE = /停|没(水|电|气|暖|热水)|凉|不热|冰凉|黑/

/** The message names a building or unit other than the case's: another place, another fault. */
function placeConflicts(parsed: ParsedMessage, c: OpenCase, groupBuilding: string | null, plain: string): boolean {
  if (parsed.building && c.building && parsed.building !== c.building && parsed.building !== groupBuilding) return true
  // "二单元这边也不动" joins a lift reported for the whole building, "一单元也是凉的" an outage of unit 2, not a leak reported in another unit.
  if (parsed.unit && c.unit && parsed.unit !== c.unit && !(SAME.test(plain) && OUTAGE.test(plain))) return true
  // Another flat's leak is another case.
  if (parsed.room && c.room && parsed.room !== c.room) return true
  return false
}

/** A resident spoke in the last quarter hour: a staff member's words now are most likely the answer ("身份证和医保卡"). */
const answersResident = (state: ConversationState, at: number): boolean =>
  state.recent.some((m) => !m.fromStaff && at - m.at <= 15 * MINUTE)

/** A staff member answering a resident: by name ("祁大爷 80岁以上一份8块") or as 您. */
function answersSomeone(state: ConversationState, plain: string): boolean {
  if (plain.includes('您')) return true
  return state.recent.some((m) => !m.fromStaff && m.senderName.length >= 2 && plain.startsWith(m.senderName))
}

// Kinds of fault one incident is often told as: an overflowing sewer is water and sanitation, a burnt meter box power and safety.
const RELATED: ReadonlyArray<readonly [string, string]> = [
  ['water', 'sanitation'], ['power', 'safety'], ['gas_heating', 'safety'], ['facility', 'safety'], ['greenery', 'safety'],
  ['parking', 'safety'], ['noise', 'dispute'], ['care', 'consult'], ['water', 'gas_heating'], ['facility', 'greenery'], ['parking', 'facility'],
  ['water', 'facility'],
]
const related = (a: string, b: string): boolean => RELATED.some(([x, y]) => (x === a && y === b) || (x === b && y === a))
