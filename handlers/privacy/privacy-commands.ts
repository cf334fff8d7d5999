import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import { removeResidentData } from './personal-data.js'

/** 删除我的信息: removes the sender's personal data and says what was removed; again, says there is nothing left. */
export async function forgetMe({ msg, db, clock, community }: HandlerContext): Promise<Reply[]> {
  const removed = await removeResidentData(db, community.id, msg.sender.id, clock.now())
  // The command itself was stored like any message and is removed with the rest.
  const earlier = removed.messages - 1
  if (earlier <= 0 && removed.cases === 0) return [replyHere(msg, '您在红管家这里没有需要删除的个人信息（之前如已删除，就不会再有）。')]
  return [
    replyHere(
      msg,
      `已删除您的个人信息：${earlier} 条消息的内容，${removed.cases} 件工单里的姓名、微信号、原话和门牌号。` +
        '工单编号和统计数字保留，但不再与您有关；这些工单之后的进展也不会再通知您。',
    ),
  ]
}

// Who lives where, and how to reach them, is not the bot's to tell.
const ABOUT_OTHERS = [
  /(\d{3,4}|楼上|楼下|隔壁|对门|邻居|那家|这家)[^？?。，,]{0,8}(住的是谁|是谁家|谁住|住着谁|户主是谁|姓什么|叫什么名字?)/,
  /(\d{3,4}|楼上|楼下|隔壁|对门|邻居|那家|他家|她家|他们家)[^？?。]{0,10}(电话|手机|联系方式|微信号?|身份证)(号码?)?(是)?(多少|几号|给我|发我|告诉我)/,
  /(谁|哪家|哪户)[^？?。]{0,6}(电话|手机|联系方式)[^？?。]{0,4}(多少|给我|发我)/,
]

export const PRIVACY_REFUSAL = '抱歉，为保护居民隐私，我不能提供其他住户的姓名、电话或住址。如有需要，请联系楼栋长或驿站工作人员。'

/** "1502住的是谁？电话多少？": a question about another resident. */
export const asksAboutOthers = (text: string): boolean => ABOUT_OTHERS.some((re) => re.test(text.normalize('NFKC')))
