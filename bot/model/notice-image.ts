import type { Logger } from '../logger.js'
import { findChartFont } from './charts.js'

const WIDTH = 900
const MARGIN = 48
const LINE = 40
const PER_LINE = 34

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)

/** Lines cut to what fits the picture's width (Chinese characters are all about one em wide). */
function wrapped(lines: string[]): string[] {
  return lines.flatMap((line) => {
    const chars = [...line]
    if (chars.length <= PER_LINE) return [line]
    const parts: string[] = []
    for (let i = 0; i < chars.length; i += PER_LINE) parts.push(chars.slice(i, i + PER_LINE).join(''))
    return parts
  })
}

/** A notice (公示) as a PNG for a group: the title, then its lines, black on white. */
export async function renderNoticePng(title: string, lines: string[], fontFile: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js')
  const body = wrapped(lines)
  const height = MARGIN * 2 + 70 + body.length * LINE
  const text = body.map((line, i) => `<text x="${MARGIN}" y="${MARGIN + 90 + i * LINE}" font-size="24">${escapeXml(line)}</text>`).join('')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>
    <text x="${WIDTH / 2}" y="${MARGIN + 30}" font-size="34" text-anchor="middle" fill="#b3261e">${escapeXml(title)}</text>
    <g fill="#222">${text}</g></svg>`
  const png = new Resvg(svg, { background: '#ffffff', font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: 'sans-serif' } }).render().asPng()
  return new Uint8Array(png)
}

export type NoticeRenderer = (title: string, lines: string[]) => Promise<Uint8Array | null>

/** The renderer the dashboard posts 公示 with; null pictures when no font with Chinese glyphs is found. */
export function createNoticeRenderer(fontSetting: string | undefined, log: Logger): NoticeRenderer {
  const font = findChartFont(fontSetting)
  return async (title, lines) => {
    if (!font) return null
    try {
      return await renderNoticePng(title, lines, font)
    } catch (error) {
      log.error({ err: error }, 'could not render the notice picture')
      return null
    }
  }
}
