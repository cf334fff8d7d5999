/** Words by which a message in a thread says what it does to the case it is about. */

/** Another household with the same fault. */
export const SAME = /(我|我们|俺|咱)[家这那边单元楼屋层里]{0,3}(也|同样|一样)|也.{0,2}(丢|坏|没|停|漏|堵|被|卡|冻|湿|黑)|^(每天|天天|经常|老是|一直).{0,3}(都)?这样|也(是|停|坏|漏|堵|闻到|发现|遇到|看到|听到|这样|有这|一样|没(水|电|气|暖|热水|信号|网)|不(动|亮|热|行|出水|通|能用|好使))|(\+|＋)1|同感|同问|一样的?情况|跟.{0,4}一样|\d+(单元|楼|层|号楼).{0,6}也|[一二三四五六七八九十]单元.{0,6}也/

/** It works again. */
const FIXED_ANY = /^下来了|(抽|擦|拖|晒)干了|好(走|用|多)了|(撒|铺|盖)上了|(水|积水)?退了|(通|疏通|打)开了|(推|拿|送|搬|找|捡)回来了|(水|电|气|热水|暖气)(出来|通)了|钉(上|好|牢)了|^(门|闸|路|电梯)?(开|通)了|(灭|熄)了|(撑|立|竖|抬)起来了|(扫|推|铲|拆|摘|取)下来了|(挪|搬|拉|清|收|拆|移|换|修|补|装|铲|扫|擦|拖)(了|走了|好了)(\s|$)|(拿|取|送|领)到了|^处理(了|好了|完了)|(修|弄|搞|整|换|装|铺|焊|补|清|扫|填|锯|铲|抽|通)(好|完|上|平|干净)了|^(有|来|通|好)了|(能|可以)[^不没]{0,3}了$|好了|(能|可以)(用|坐|走|开|进|打|通行)了|恢复了?|来(水|电|气|暖)了|(水|电|气|暖气?|热水)(又)?(有|来|通|热)了|(又|终于)?有(水|电|气|热水)了|(通|亮|热|干净|化)了|不(漏|滴|流|响|吵|灌风|吹|晃|叫|冒|堵|臭)(冷风)?了|没(味儿?|声音?|事)了|(挪|开|拉|拖|搬|运|推|清|收|接|领|带)(走|开|下来|回家|回去)了|解决了|(已经|都)(修|清|拉|挪|搬|换)|换(了|上)?新的|(摘|拆|抽|疏通|挪|敲|铲|清|除)(掉|完|走)了|安全了/
/** Quiet again, for noise. */
const FIXED_NOISE = /(停|消停|安静)了|不(跳|剁|拍|敲|唱|放|闹|叫|吵|响)了/
/** Still broken, or broken again: not fixed whatever else it says. */
const NOT_FIXED = /吗|(没|未|不)(修)?好|不(亮|热|通|动|转|出水|来|响应)|还(没|不|是|在)|没(人|见)|又(坏|停|不|没|漏|堵|响)|不(好|行|能)使|(修|弄)不好|咋还|怎么还|什么时候|啥时候|吗[?？]?$|么[?？]?$/

export const saysFixed = (text: string, category: string): boolean =>
  !NOT_FIXED.test(text) && (FIXED_ANY.test(text) || (category === 'noise' && FIXED_NOISE.test(text)))

/** Danger now, said the way a neighbour adds it to a fault already reported. */
const DANGER_NOW = /发(高)?烧|(要|得|赶紧)送(医院|医)|(小孩|孩子).{0,6}(够得着|够得到|碰到|摸到|爬)|够得着|(电线|线头|电缆).{0,4}(还)?(连着|耷拉|掉在|垂|露)|在电梯里|关在里面|更(厉害|严重)了|越来越(大|多|高|近|严重|快)|不醒|没(有)?反应了|越.{1,2}越(多|大|厉害|快|近)|插着电|(还在|正在)充电|流到地上|流了一地|满地(都是)?水|水漫|有烟|冒着?烟|烟(大|越来越|呛)|呛(得|人)|(快|赶紧)打(110|119|120)|报警|(会不会|要|快)倒|倒下来|(?<!差点|差一点|险些|差点儿|容易|会|怕|可能)(滑|跌|绊)倒|流.{0,4}血|蜇|被困|困(在|住|着)|关着|(有|还有)人(在里面|喊|叫)|喊救命|救命|拍门|孕妇|(孩子|小孩|老人|老太太|老头|人)(在|还在)里面|(?<!差点|差一点|险些|差点儿|容易|会|怕|可能)摔(了|倒|伤|下)|起不来|流(了好多)?血|出血|晕(倒|过去)|昏|不省人事|咬(了|伤|到|住)|扑(倒|了|上来)|(着|起|失)火|冒(烟|火|火花|火星)|火(星|花)|打火|短路|漏电|触电|电线.{0,6}(冒|烧)|(煤|燃)气味|爆(了|炸)|塌|(?<!没|没有|差点|差一点)砸(到|着|伤|了)|差点砸|(要|快)掉|往下掉|淹|漫(到|进|出|了)|越来越(大|厉害|多|近)|(快|赶紧|赶快)(点|来|弄|修|救|派)|急死|心脏病(犯|发作)|喘不上气|呼吸困难|烫手|发烫|制氧机|冒火|烧(着|焦|起来)/

export const saysDangerNow = (text: string): boolean => DANGER_NOW.test(text)

/** Asking how a reported fault is going. */
export const ASKS_PROGRESS = /了(吗|没|没有)[?？]?$|有人(来|管|修|处理)(吗|没)|(修|来|管|处理)吗|什么时候|啥时候|几点|还没|怎么还|咋还|还(是|在|不)|有(结果|进展|消息)|(修|来|管|弄)了(吗|没)|到(了)?(吗|没)|坐不了|用不了|(咋|怎么)(回事|办)|谁负责|赔|又/

/** A staff member answering, not reporting. */
export const STAFF_REPLY = /^(收到|好的|好|马上|已经?|正在|师傅|我们|维保|稍等|立即|请|温馨提示|通知|各位|大家)|(马上|立即|正在|已经?|下午|明天|稍后).{0,8}(去|来|到|处理|安排|联系|通知|派|修|清|换|报)/

/** Announcing a report still to come ("跟大家说个事哈", "麻烦问一下啊"): the next message of the sender is it. */
export const ANNOUNCES = /^(@\S+\s*)?(跟大家|和大家|给大家|麻烦|打扰|请问|想|我想)?(说|问|反映|报告|汇报|讲)(个|一下|下|一个)?(事|事情|问题|情况)?(哈|啊|呀|哦|哈哈|一下)?[!！。.~～]*$|^(有个事|有件事|有个情况|各位邻居|各位|物业在吗|有人在吗|在吗|问个事)[!！?？。.~～,，]*$/

/** Talk that carries nothing for a case: thanks, praise, emoji, laughter. */
export const THANKS = /^(太|非常|真是|多)?(谢谢|感谢|辛苦)[^，,。！!？?\s]{0,5}[!！。~～]*$/

export const SMALL_TALK = /^(\[[^\]]{1,6}\]|谢谢(你|您|大家|了)?|感谢|辛苦(了|啦)?|好的|好嘞|好+|行|收到|明白了?|知道了|了解|麻烦(你|您)了|哈+|嗯+|哦+|[👍🙏💪]|点赞|赞|阿弥陀佛|谢天谢地|(太|好|真)?悬了?|吓死(人|我)?了?|(太|真)?吓人了?|好险|好悬|天哪|我的天|太好了|终于|[!！。.~～\s])+$/

/** Telling of the past ("上回也这样"), not reporting now. */
export const TELLS_PAST = /^(上回|上次|以前|之前|去年|前年|那年|小时候)/

/** Plain agreement with what was just said ("是啊", "确实"): with a live thread, the same fault. */
export const AGREES = /^我(也)?(听到|闻到)了|^(是啊|是的|是呀|是[\s，,]|对啊|对呀|对[\s，,]|确实|可不是|没错|就是|真的是|同)/

/** A neighbour's advice or a remark on how others behave: talk, not news of the fault. */
export const ADVICE = /吧[!！。.~～]*$|^是不是|^(别|小心|注意|千万|赶紧|快去|你们|大家|忍忍|私下|少|多|一般|应该是|可能是|估计|试试)|^打.{0,6}电话|(找|问)(他|她|物业)(谈|说|问)|自觉|互相|体谅|别在群里/

/** Naming a place in the building: a detail for the case. */
export const PLACE_WORDS = /\d+(单元|楼|层|号|室)|[一二三四五六七八九十]+(单元|楼|层)|楼(上|下)|门口|楼道|大堂|车库|地库/

/** The speaker themselves, at home or just now: "我家…", "我刚…", "我们单元…". */
export const AFFECTED = /(^|[\s，,])(我|俺|咱)(家|们家|这|们这|们单元|们楼|屋里|刚|刚才|今早|早上|昨天|昨晚|今天|也|每天|天天|经常|老是|被)|^(我|俺)(就)?在/

/** Urging on a fault already told: "能不能快点", "赶紧弄啊". */
export const URGES = /(快|赶紧|赶快)(点|些|来|弄|修|处理|管)|能不能快|还要等多久|等半天了/

/** A reaction opening a short reply ("那就好 虚惊一场", "好 下午去", "没事 扶住了"): talk, when nothing after it tells of a fault. */
export const REACTION = /^(好的?|好吧|好嘞|那就好|那好|哦+|噢|嗯+|行|没事|理解|收到|谢谢|不用|ok)(?=[\s，,！!。~吧啊呀]|$)/i

/** Saying one's own supply or place is fine ("一单元有水", "我家还行"): no fault, and no report. */
export const NO_FAULT = /^(我家|我们家|我这|我们这|这边|我们单元|[一二三四五六七八九十\d]+(单元|楼|层))?(还)?(有水|有电|有气|有暖气|正常|没事|挺好|还行|没问题|不冷|热乎)(的|啊|呀|了)?[!！。.~～]*$|也正常/

/** Words of a fault itself: advice that says them is news of the fault ("门上那个闭门器坏了吧"). */
export const FAULT_WORDS = /坏|漏|堵|断|裂|不亮|不热|没水|没电|不通|塌|冒/

/** Hurt or nearly hurt by it: a neighbour telling how the fault hit them. */
export const HIT_BY_IT = /滑|摔|崴|绊|踩空|撞|卡住|吓|湿|淋|冻|闷|呛/

/** A message of emoji alone. */
export const EMOJI_ONLY = /^[\p{Extended_Pictographic}\uFE0F\u200d\s]+$/u

/** Going to help ("我拿灭火器下去", "我去看看"): talk, when it tells of no fault. */
export const HELPING = /^我(去|来|拿|下去|上去|马上|这就)/

/** The supply a "works again" speaks of ("有气了", "来电了"): the kind of fault it ends. */
export function supplyCategory(plain: string): string | null {
  const m = /(?:有|来|通)(水|电|气|暖|热水)了|(水|电|气|暖气|热水)(?:又)?(?:有|来|通|热)了/.exec(plain)
  const supply = m?.[1] ?? m?.[2]
  if (!supply) return null
  return supply === '电' ? 'power' : supply === '气' || supply.startsWith('暖') ? 'gas_heating' : 'water'
}
