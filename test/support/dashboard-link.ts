/** The login link in the bot's private answer to 看板. */
export function dashboardLinkIn(text: string): string {
  const link = /http:\/\/\S+\/login\/[\w-]+/.exec(text)?.[0]
  if (!link) throw new Error(`no dashboard link in: ${text}`)
  return link
}
