import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BOT_ID } from '../sim/demo-community.js'
import type { LocalWeChat } from '../sim/local-wechat.js'
import { deliver, type BenchMessage } from './workload.js'

/** The project root, where measured processes run. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** Messages handed over but not yet handled (or echoed), at most: the residents never wait on each other. */
const WINDOW = 200
const SECRETARY = 'wxid_peng2018'
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The highest resident set size a process reached, from the kernel's own record. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024)
}

/** CPU time a process has used so far (user and system, all its threads), in ms, from the kernel's accounting. */
export function cpuMs(pid: number): number {
  // After the command name: state is field 3 of /proc/PID/stat; utime and stime are fields 14 and 15, in 10 ms ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** Runs compiled code (`npm run build`, as `npm start` does): the bot measured is the bot shipped. */
export function startProcess(script: string, env: Record<string, string>, heapMb?: number): { child: ChildProcess; output: () => string } {
  // BENCH_PROFILE=1 writes a CPU profile of each measured process into data/profiles (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=data/profiles'] : []
  // The same memory settings `npm start` gives the bot: old generation BOT_HEAP_MB (default 160),
  // young generation 4 MB per half, WebAssembly (Prisma's query compiler) kept at its baseline
  // tier, two malloc arenas.
  const heap = [`--max-old-space-size=${process.env.BOT_HEAP_MB ?? heapMb ?? 160}`, '--max-semi-space-size=4', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering']
  const malloc = { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' }
  const child = spawn(process.execPath, [...profile, ...heap, script], { cwd: root, env: { ...process.env, ...malloc, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  return { child, output: () => output }
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await Promise.race([exited, sleep(15_000)])
  if (child.exitCode === null) child.kill('SIGKILL')
}

/** Waits until whatever is connected as the bot answers a private line. */
export async function answering(wechat: LocalWeChat, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000
  const answered = () => wechat.transcript.some((l) => l.fromId === BOT_ID && l.toId === SECRETARY)
  while (Date.now() < deadline && !answered()) {
    wechat.say(SECRETARY, '帮助', { to: BOT_ID })
    await sleep(1000)
  }
  if (!answered()) throw new Error(`the bot did not come up:\n${output().slice(-2000)}`)
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** Hands `messages` over as fast as `done()` lets a window of WINDOW through; returns the seconds until `finished()`. */
export async function pump(wechat: LocalWeChat, messages: BenchMessage[], done: () => Promise<number> | number, finished: () => Promise<boolean> | boolean, pollMs: number): Promise<number> {
  const started = performance.now()
  let sent = 0
  while (true) {
    const handled = await done()
    while (sent < messages.length && sent - handled < WINDOW) deliver(wechat, messages[sent++]!)
    if (sent === messages.length && handled >= messages.length && (await finished())) break
    await sleep(pollMs)
  }
  return (performance.now() - started) / 1000
}
