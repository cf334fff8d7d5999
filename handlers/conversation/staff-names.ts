/**
 * Staff in a group are known by their roles; a stream of messages without a roster (an export of
 * a group, the evaluation files) has only names, and staff name themselves by their post:
 * 和平里物业-小韦, 向阳驿站-晓敏, 网格员小唐.
 */
const STAFF_NAME = /物业|驿站|服务站|服务中心|网格员?|居委|社区工作|客服|值班|书记|楼长|站长|社工|管家|保安|维保/

export const looksLikeStaffName = (name: string): boolean => STAFF_NAME.test(name)
