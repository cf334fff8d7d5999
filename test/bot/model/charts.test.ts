import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { findChartFont, renderChartPng } from '../../../bot/model/charts.js'
import type { ReportChart } from '../../../handlers/summary/report-chart.js'

const chart: ReportChart = {
  title: '幸福里社区 上周民情',
  byCategory: [{ name: '给排水', count: 5 }, { name: '电梯', count: 3 }, { name: '环境卫生', count: 2 }],
  byBuilding: [{ name: '3栋', count: 6 }, { name: '12栋', count: 4 }],
  weeks: [{ label: '11/09', response: 80, resolution: 60, satisfaction: 90 }, { label: '11/16', response: 90, resolution: 70, satisfaction: null }],
}
const LATIN_ONLY = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'

describe('chart fonts', () => {
  it('uses the font installed with the project when the machine has no Chinese font', async () => {
    const font = findChartFont(undefined, [])
    expect(font).toMatch(/NotoSansHans-Regular\.otf$/)
    const png = await renderChartPng(chart, font!)
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe('PNG')
    // The Chinese labels are drawn: the same chart with a font lacking them comes out plainer.
    if (existsSync(LATIN_ONLY)) expect(png.length).toBeGreaterThan((await renderChartPng(chart, LATIN_ONLY)).length * 1.1)
  })
  it('prefers CHART_FONT, and reports a missing one rather than drawing blank boxes', () => {
    expect(findChartFont('/nowhere/font.ttf')).toBeNull()
  })
})
