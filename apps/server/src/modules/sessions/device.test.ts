import { describe, expect, it } from 'vitest'
import { describeDevice } from './device.js'

/** User agents as WeChat mini-programs send them (wx.request sets the WebView's user agent). */
const UA = {
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN miniProgram/wx1234567890abcdef',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x1800282a) NetType/WIFI Language/zh_CN',
  vivo: 'Mozilla/5.0 (Linux; Android 13; V2055A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/5235 MMWEBSDK/20230805 MMWEBID/1234 MicroMessenger/8.0.42.2460(0x28002A3D) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 MiniProgramEnv/android',
  huawei:
    'Mozilla/5.0 (Linux; Android 10; HMA-AL00 Build/HUAWEIHMA-AL00; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/86.0.4240.99 XWEB/4317 MMWEBSDK/20220903 Mobile Safari/537.36 MMWEBID/4 MicroMessenger/8.0.28.2240(0x28001C35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 MiniProgramEnv/android',
  unknownVendor:
    'Mozilla/5.0 (Linux; Android 14; PJZ110 Build/UKQ1.230924.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin MiniProgramEnv/android',
  windows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0.0.0 Safari/537.36 MicroMessenger/7.0.20.1781(0x6700143B) NetType/WIFI MiniProgramEnv/Windows WindowsWechat/WMPF WindowsWechat(0x63090819) XWEB/8447',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) MicroMessenger/6.8.0(0x16080000) MacWechat/3.8.5(0x13080510) XWEB/1191 Flue',
  devtools:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 13_2_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0.3 Mobile/15E148 Safari/604.1 wechatdevtools/1.06.2310080 MicroMessenger/8.0.5 Language/zh_CN webview/',
  chrome:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
}

describe('describeDevice', () => {
  it.each([
    ['an iPhone', UA.iphone, 'iPhone · iOS 17.0 · 微信 8.0.47', 'iPhone', 'iOS 17.0', '8.0.47'],
    ['an iPad', UA.ipad, 'iPad · iOS 16.6 · 微信 8.0.40', 'iPad', 'iOS 16.6', '8.0.40'],
    [
      'a vivo phone (model from the Build tag, the vendor as vivo spells it)',
      UA.vivo,
      'vivo V2055A · Android 13 · 微信 8.0.42',
      'vivo V2055A',
      'Android 13',
      '8.0.42',
    ],
    [
      'a Huawei phone',
      UA.huawei,
      'HUAWEI HMA-AL00 · Android 10 · 微信 8.0.28',
      'HUAWEI HMA-AL00',
      'Android 10',
      '8.0.28',
    ],
    [
      'an Android model the parser knows no vendor of',
      UA.unknownVendor,
      'PJZ110 · Android 14 · 微信 8.0.47',
      'PJZ110',
      'Android 14',
      '8.0.47',
    ],
    ['WeChat for Windows', UA.windows, 'Windows 10 · 微信 7.0.20', null, 'Windows 10', '7.0.20'],
    ['WeChat for Mac', UA.mac, 'Mac · macOS 10.15.7 · 微信 6.8.0', 'Mac', 'macOS 10.15.7', '6.8.0'],
  ])('%s', (_what, ua, label, model, os, wechatVersion) => {
    expect(describeDevice(ua)).toEqual({ label, model, os, wechatVersion })
  })

  it("names WeChat's developer tools, whose user agent pretends to be an iPhone", () => {
    expect(describeDevice(UA.devtools)).toEqual({
      label: '微信开发者工具 1.06.2310080',
      model: null,
      os: null,
      wechatVersion: null,
    })
  })

  it('outside WeChat (the H5 build), names the browser', () => {
    expect(describeDevice(UA.chrome)).toEqual({
      label: 'Linux · Chrome 120',
      model: null,
      os: 'Linux',
      wechatVersion: null,
    })
  })

  it.each([null, '', 'curl/8.5.0', 'node', '\u0000'])('knows nothing of %j', (ua) => {
    expect(describeDevice(ua)).toBeNull()
  })
})
