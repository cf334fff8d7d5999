import type { Service } from './service-record.js'
import { hoursText } from './activity-text.js'

const WIDTH = 900
const LINE = 44

/** Text as SVG reads it: what a volunteer typed never becomes markup. */
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)

/**
 * A 志愿服务证明 as an SVG picture: the volunteer's name, the year's hours and times, the services
 * (up to ten, the rest counted), the station's name and the date. `bot/` turns it into a PNG.
 */
export function certificateSvg(options: { name: string; community: string; year: string; services: Service[]; issued: string }): string {
  const { name, community, year, services, issued } = options
  const total = services.reduce((sum, s) => sum + s.minutes, 0)
  const shown = services.slice(0, 10)
  const rows = shown.map((s) => `${s.day.slice(5).replace('-', '月')}日　${s.title.slice(0, 24)}　${hoursText(s.minutes)}`)
  if (services.length > shown.length) rows.push(`另有 ${services.length - shown.length} 次`)
  const lines = [
    { text: '志愿服务证明', size: 44, y: 110, weight: 'bold' },
    { text: `兹证明 ${name} 于 ${year} 年在${community}参加志愿服务 ${services.length} 次，`, size: 26, y: 200 },
    { text: `累计服务 ${hoursText(total)}。`, size: 26, y: 200 + LINE },
    ...rows.map((text, i) => ({ text, size: 22, y: 320 + i * 38 })),
    { text: `${community}　红管家`, size: 24, y: 320 + rows.length * 38 + 90 },
    { text: issued, size: 24, y: 320 + rows.length * 38 + 90 + LINE },
  ]
  const height = lines.at(-1)!.y + 70
  const texts = lines.map((l) => `<text x="${l.size >= 40 ? WIDTH / 2 : 80}" y="${l.y}" font-size="${l.size}"${l.size >= 40 ? ' text-anchor="middle"' : ''}${'weight' in l ? ' font-weight="bold"' : ''} fill="#222">${escapeXml(l.text)}</text>`)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">
<rect width="100%" height="100%" fill="#fffdf7"/><rect x="20" y="20" width="${WIDTH - 40}" height="${height - 40}" fill="none" stroke="#b3261e" stroke-width="6"/>
${texts.join('\n')}
</svg>`
}
