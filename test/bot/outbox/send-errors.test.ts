import { describe, expect, it } from 'vitest'
import { classifySendError } from '../../../bot/outbox/send-errors.js'

describe('what a failed send means', () => {
  it('reads WeChat\'s "too frequent" answer in Chinese and English as a reason to pause everything', () => {
    for (const message of ['发送消息过于频繁，请稍后再试', 'send failed: too frequent', 'You are sending messages too frequently', 'rate limit exceeded']) {
      expect(classifySendError(new Error(message))).toBe('too-frequent')
    }
  })

  it('reads a dropped puppet-service connection as no fault of the message', () => {
    for (const message of ['14 UNAVAILABLE: Connection dropped', 'connect ECONNREFUSED 127.0.0.1:8788', 'Stream removed', 'puppet not logged in']) {
      expect(classifySendError(new Error(message))).toBe('connection-lost')
    }
  })

  it('counts anything else as a failed attempt', () => {
    expect(classifySendError(new Error('room not found'))).toBe('failed')
    expect(classifySendError('timeout')).toBe('failed')
  })
})
