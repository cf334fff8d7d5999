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
  '志愿活动在群里接龙报名（接龙时加上自己的一行），或回复「报名 #活动编号」；收到 —— 回复提醒；来不了 —— 私聊说一声，候补的人会补上；来 —— 私信问您补空位时回复',
  '我的时长 —— 私聊查看今年的志愿服务记录和时长（我的时长 证明 —— 另发一张证明图片）；接单 #12 / 完成 #12 —— 志愿者接下、办完派给志愿者的事',
]
const STAFF = ['受理 #12', '进展 #12 内容', '完成 #12 内容', '转派 #12 物业（社区 / 业委会 / 志愿者）', '关闭 #12 原因', '议 #12 —— 提交联席会议协商', '议程', '待办', '走访 3栋2单元501 情况 —— 记录入户走访（建议私聊）', '独居 3栋2单元501 / 取消独居 3栋2单元501', '确认 #12 / 不是 #12 —— 疑似反映是不是反映', '登记 @居民 内容 —— 替居民登记（在群里）', '改 #12 类别 电梯 / 改 #12 紧急（一般、不急）/ 改 #12 位置 3栋2单元501', '看板 —— 私聊索取网页看板的登录链接（退出看板 —— 全部退出）', '#接龙 标题写上时间和人数（例如「周日上午9点 帮老人搬煤气罐 限3人」）—— 在群里发起志愿活动', '活动 周六9:00 驿站门口 给老人理发 4人 会理发 —— 发起活动；改活动 #N 新时间/地点/人数；取消活动 #N 原因 —— 私信告诉报名的人', '同意 —— 把居民发起的接龙记成志愿活动', '派给志愿者 #12 说明 —— 私信问本楼的志愿者，先接单的去办']
const SECRETARY = ['今日汇总', '本周汇总', '逾期', '通知 内容', '志愿时长', '撤销 名字 —— 撤销邀请码绑定的身份']
const STREET_SECRETARY = ['上报街道 #12 说明 —— 社区解决不了的事交给街道']
const STREET = ['街道待办里的工单：受理 #12 / 交办 #12 住建 说明 —— 交给街道的部门 / 进展 #12 内容 / 办结 #12 结果', '看板 —— 登录后打开 /street 看各社区']

/** 帮助: the commands this person can use. */
export async function helpText(ctx: HandlerContext): Promise<Reply[]> {
  const { msg } = ctx
  const lines = ['红管家可以帮您：', ...RESIDENT]
  if (isStaff(msg.sender)) lines.push('工作人员：', ...STAFF)
  if (isSecretary(msg.sender)) lines.push('书记/站长：', ...SECRETARY, ...(ctx.community.config.street ? STREET_SECRETARY : []))
  if (msg.sender.roles.has('street_staff') || msg.sender.roles.has('street_secretary')) lines.push('街道：', ...STREET)
  return [replyHere(msg, lines.join('\n'))]
}
