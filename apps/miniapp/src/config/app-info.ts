/**
 * What belongs to whoever ships this mini-program, in one place. The agreement texts themselves
 * are in `config/agreements.ts`; both are templates to replace before release.
 */

/**
 * The version of 《用户协议》 and 《隐私政策》 this build shows. Keep it equal to the server's
 * `AGREEMENT_VERSION`: the server asks for consent again when the two differ (docs/miniapp.md).
 */
export const AGREEMENT_VERSION = '1'

/** Shown by 联系客服 outside WeChat (in WeChat the button opens the customer-service chat). */
export const SUPPORT_CONTACT = '客服邮箱：support@example.com（模板：请替换为你的客服联系方式）'

/**
 * The oldest WeChat base library the app works on: `chooseAvatar` needs 2.21.2 and the privacy
 * APIs (`onNeedPrivacyAuthorization`, `agreePrivacyAuthorization`) 2.32.3. Also set as the
 * minimum in the MP console (设置 → 基本设置 → 基础库最低版本设置) and in manifest.json.
 */
export const MIN_BASE_LIBRARY = '2.32.3'

/** Shown where a user has no avatar yet (a static file of the app). */
export const DEFAULT_AVATAR = '/static/default-avatar.png'
