import type { HandlerContext, Reply } from '../context.js'
import { isSecretary, isStaff, replyHere } from '../context.js'

const RESIDENT = [
  '直接在群里描述问题即可登记，例如：3栋2单元楼道灯不亮了',
  '查询 #12 —— 查看工单进度（查询 #12 详情 —— 全部经过）',
  '我的工单 —— 查看自己未办结的工单',
  '评价 #12 满意 / 基本满意 / 不满意',
  '我也是 #12 —— 一起反映同一个问题',
  '关注 K7M2Q9 —— 扫码报事后，在微信里接着收进展（码在您的工单页上）',
  '报名红周六 / 请假红周六 / 签到 / 签退 / 红周六名单',
  '志愿活动在群里接龙报名（接龙时加上自己的一行）；来不了 —— 私聊说一声，候补的人会补上',
]
const STAFF = ['受理 #12', '进展 #12 内容', '完成 #12 内容', '转派 #12 物业（社区 / 业委会 / 志愿者）', '关闭 #12 原因', '议 #12 —— 提交联席会议协商', '议程', '待办', '走访 3栋2单元501 情况 —— 记录入户走访（建议私聊）', '独居 3栋2单元501 / 取消独居 3栋2单元501', '确认 #12 / 不是 #12 —— 疑似反映是不是反映', '登记 @居民 内容 —— 替居民登记（在群里）', '改 #12 类别 电梯 / 改 #12 紧急（一般、不急）/ 改 #12 位置 3栋2单元501', '看板 —— 私聊索取网页看板的登录链接（退出看板 —— 全部退出）', '#接龙 标题写上时间和人数（例如「周日上午9点 帮老人搬煤气罐 限3人」）—— 在群里发起志愿活动']
const SECRETARY = ['今日汇总', '本周汇总', '逾期', '通知 内容', '志愿时长', '撤销 名字 —— 撤销邀请码绑定的身份']

/** 帮助: the commands this person can use. */
export async function helpText({ msg }: HandlerContext): Promise<Reply[]> {
  const lines = ['红管家可以帮您：', ...RESIDENT]
  if (isStaff(msg.sender)) lines.push('工作人员：', ...STAFF)
  if (isSecretary(msg.sender)) lines.push('书记/站长：', ...SECRETARY)
  return [replyHere(msg, lines.join('\n'))]
}
