import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { EChartsOption } from 'echarts'
import type { ChartRenderer, ReportChart } from '../../handlers/summary/report-chart.js'
import type { Logger } from '../logger.js'

/** Fonts with Chinese glyphs that Debian and Ubuntu install, tried first; CHART_FONT names another. */
const CJK_FONTS = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
]

/** Noto Sans Hans (OFL), installed with the project's dependencies: charts work on a machine with no Chinese font. */
function bundledFont(): string | null {
  try {
    const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')
    const file = path.join(path.dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf')
    return existsSync(file) ? file : null
  } catch {
    return null
  }
}

/** CHART_FONT when set; else a system font with Chinese glyphs; else the one installed with the project. */
export function findChartFont(configured?: string, systemFonts: readonly string[] = CJK_FONTS): string | null {
  if (configured) return existsSync(configured) ? configured : null
  return systemFonts.find((file) => existsSync(file)) ?? bundledFont()
}

const WIDTH = 960
const HEIGHT = 1080
const top = <T>(rows: T[], n = 10): T[] => rows.slice(0, n).reverse()

/** The echarts option: two bar charts side by side, the weekly rates as lines below. */
function optionOf(chart: ReportChart): EChartsOption {
  const categories = top(chart.byCategory)
  const buildings = top(chart.byBuilding)
  const bar = (rows: Array<{ count: number }>, axis: number, color: string) => ({
    type: 'bar' as const, xAxisIndex: axis, yAxisIndex: axis, data: rows.map((r) => r.count), itemStyle: { color }, label: { show: true, position: 'right' as const },
  })
  const rate = (name: string, key: 'response' | 'resolution' | 'satisfaction', color: string) => ({
    name, xAxisIndex: 2, yAxisIndex: 2, data: chart.weeks.map((w) => w[key]), itemStyle: { color },
    // Weeks are a line; communities side by side (the street's report) are bars.
    ...(chart.captions ? { type: 'bar' as const } : { type: 'line' as const, connectNulls: true, lineStyle: { width: 3 }, symbolSize: 8 }),
  })
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontSize: 16 },
    title: [
      { text: chart.title, left: 'center', top: 16, textStyle: { fontSize: 26 } },
      { text: '按类别（件）', left: '6%', top: 80, textStyle: { fontSize: 18 } },
      { text: chart.captions?.second ?? '按楼栋（件）', left: '54%', top: 80, textStyle: { fontSize: 18 } },
      { text: chart.captions?.rates ?? '近几周 响应率 / 解决率 / 满意率（%）', left: '6%', top: 560, textStyle: { fontSize: 18 } },
    ],
    legend: { top: 600, right: '6%', data: ['响应率', '解决率', '满意率'] },
    grid: [
      { left: '14%', width: '30%', top: 120, height: 380 },
      { left: '62%', width: '30%', top: 120, height: 380 },
      { left: '8%', right: '6%', top: 650, bottom: 60 },
    ],
    xAxis: [
      { type: 'value', gridIndex: 0, minInterval: 1 },
      { type: 'value', gridIndex: 1, minInterval: 1 },
      { type: 'category', gridIndex: 2, data: chart.weeks.map((w) => w.label) },
    ],
    yAxis: [
      { type: 'category', gridIndex: 0, data: categories.map((c) => c.name), axisLabel: { fontSize: 15 } },
      { type: 'category', gridIndex: 1, data: buildings.map((b) => b.name), axisLabel: { fontSize: 15 } },
      { type: 'value', gridIndex: 2, min: 0, max: 100 },
    ],
    series: [bar(categories, 0, '#c0392b'), bar(buildings, 1, '#d35400'), rate('响应率', 'response', '#c0392b'), rate('解决率', 'resolution', '#2471a3'), rate('满意率', 'satisfaction', '#229954')],
  }
}

/**
 * SVG on the server (no browser, no canvas), then PNG with resvg. Both are loaded on the first
 * chart: echarts alone is some 60 MB of memory, which a bot that never draws should not carry.
 */
export async function renderChartPng(chart: ReportChart, fontFile: string): Promise<Uint8Array> {
  const [svg, { Resvg }] = await Promise.all([renderChartSvg(chart), import('@resvg/resvg-js')])
  const png = new Resvg(svg, { background: '#ffffff', font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: 'sans-serif' } }).render().asPng()
  return new Uint8Array(png)
}

/** The same chart as an SVG, for a page: the browser brings its own fonts. */
export async function renderChartSvg(chart: ReportChart): Promise<string> {
  const echarts = await import('echarts')
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT })
  try {
    instance.setOption(optionOf(chart))
    return instance.renderToSVGString()
  } finally {
    instance.dispose()
  }
}

/**
 * The renderer jobs use. Without a font that has Chinese glyphs the labels would be blank
 * boxes, so then no picture is made (the text report still goes out) and this is logged once.
 */
export function createChartRenderer(fontSetting: string | undefined, log: Logger): ChartRenderer {
  const font = findChartFont(fontSetting)
  if (!font) log.warn({ CHART_FONT: fontSetting }, 'no font with Chinese glyphs found; reports go out without charts (install fonts-wqy-microhei or set CHART_FONT)')
  return async (chart) => {
    if (!font) return null
    try {
      return await renderChartPng(chart, font)
    } catch (error) {
      log.error({ err: error, chart: chart.title }, 'could not render chart; the text report goes out alone')
      return null
    }
  }
}

/** Any SVG picture (a 志愿服务证明) as PNG with the font found for charts; null without one. */
export function createSvgRenderer(fontSetting: string | undefined, log: Logger): (svg: string) => Promise<Uint8Array | null> {
  const font = findChartFont(fontSetting)
  return async (svg) => {
    if (!font) return null
    try {
      const { Resvg } = await import('@resvg/resvg-js')
      return new Uint8Array(new Resvg(svg, { background: '#ffffff', font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: 'sans-serif' } }).render().asPng())
    } catch (error) {
      log.error({ err: error }, 'could not draw a picture; the text goes out alone')
      return null
    }
  }
}
