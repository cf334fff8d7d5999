import { PuppetService } from 'wechaty-puppet-service'
import { describe, expect, it } from 'vitest'
import { loadEnv } from '../../../bot/config/env.js'
import { puppetServiceOptions } from '../../../bot/wechat/wechaty-bot.js'

describe('connecting a WeCom account through a puppet service', () => {
  it('hands the provider\'s token, authority and TLS settings from the environment to the puppet-service client', () => {
    const env = loadEnv({
      WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_0123456789abcdef',
      WECHATY_PUPPET_SERVICE_AUTHORITY: 'token-service-discovery.example.cn',
      WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
    })
    const service = new PuppetService(puppetServiceOptions(env))
    expect(service.options).toMatchObject({
      token: 'puppet_workpro_0123456789abcdef',
      authority: 'token-service-discovery.example.cn',
      tls: { disable: true },
    })
  })
  it('leaves what is not set to the client\'s own defaults, and refuses a setting it cannot read', () => {
    expect(puppetServiceOptions(loadEnv({ WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_x', WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:8788' }))).toEqual({ token: 'insecure_x', endpoint: '127.0.0.1:8788' })
    expect(() => loadEnv({ WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'yes' })).toThrow()
  })
})
