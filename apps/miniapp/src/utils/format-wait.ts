/** "42 秒" or "5 分钟": how long a rate limit still holds, as the user reads it. */
export const formatWait = (seconds: number): string =>
  seconds < 120 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`
