import { WechatyBuilder } from 'wechaty'
import { log } from 'wechaty-puppet'
import { PuppetService } from 'wechaty-puppet-service'

// The transport's ceiling for the benchmark: a bare Wechaty on the same puppet-service connection
// that answers every message with its own text, and does nothing else (no database, no parsing).
Object.assign(process, { noDeprecation: true })
log.level('silent')
const puppet = new PuppetService({ token: process.env.WECHATY_PUPPET_SERVICE_TOKEN, endpoint: process.env.WECHATY_PUPPET_SERVICE_ENDPOINT })
const bot = WechatyBuilder.build({ name: 'echo', puppet })
bot.on('message', async (message) => {
  if (message.self()) return
  try {
    const room = message.room()
    if (room) await room.say(message.text())
    else await message.talker().say(message.text())
  } catch (error) {
    console.error('echo failed', error)
  }
})
bot.on('login', () => console.log('echo bot logged in'))
await bot.start()
process.on('SIGTERM', () => void bot.stop().finally(() => process.exit(0)))
