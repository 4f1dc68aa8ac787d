/** No login code could be had (uni.login failed, or the H5 simulator was unreachable). */
export class LoginCodeError extends Error {
  override readonly name = 'LoginCodeError'
}
