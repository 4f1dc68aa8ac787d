/**
 * TEMPLATE TEXTS. 《用户协议》 and 《隐私政策》 are the integrator's legal documents: replace the
 * paragraphs below with your own (and raise AGREEMENT_VERSION in app-info.ts when they change).
 * The agreement page shows a banner saying they are templates as long as `isTemplate` is true.
 */
export type AgreementDoc = 'terms' | 'privacy'

export interface Agreement {
  title: string
  isTemplate: boolean
  updated: string
  sections: Array<{ heading: string; body: string }>
}

export const AGREEMENTS: Record<AgreementDoc, Agreement> = {
  terms: {
    title: '用户协议',
    isTemplate: true,
    updated: '2026-01-01',
    sections: [
      {
        heading: '一、协议的范围',
        body: '本协议是你与本小程序运营方之间关于使用本小程序服务所订立的协议。你点击同意即表示已阅读并同意本协议的全部内容。',
      },
      {
        heading: '二、账号',
        body: '你可以使用微信账号登录本小程序。你应妥善保管自己的微信账号，并对账号下的行为负责。你可以随时在「我的 → 个人资料 → 注销账号」中注销账号。',
      },
      {
        heading: '三、用户行为规范',
        body: '你设置的昵称、头像等信息不得含有违法违规或侵犯他人权益的内容。运营方可依据法律法规对相关内容进行审核和处理。',
      },
      {
        heading: '四、协议的变更',
        body: '协议内容变更时，我们会在你下次使用时请你重新阅读并确认。',
      },
    ],
  },
  privacy: {
    title: '隐私政策',
    isTemplate: true,
    updated: '2026-01-01',
    sections: [
      {
        heading: '一、我们收集的信息',
        body: '为提供登录服务，我们会通过微信获取你在本小程序内的唯一标识（openid）。你主动设置的头像、昵称，以及你授权绑定的手机号，仅用于展示和账号安全。',
      },
      {
        heading: '二、信息的使用与保存',
        body: '我们仅在提供服务所必需的期限内保存你的信息。你的手机号在界面上以部分隐藏的形式展示。',
      },
      {
        heading: '三、你的权利',
        body: '你可以随时修改头像和昵称，查看并退出已登录的设备，或注销账号。注销后，你的个人信息将被删除。',
      },
      {
        heading: '四、联系我们',
        body: '如对本政策有任何疑问，请通过「我的」页面中的客服方式联系我们。',
      },
    ],
  },
}

export const isAgreementDoc = (value: unknown): value is AgreementDoc =>
  value === 'terms' || value === 'privacy'
