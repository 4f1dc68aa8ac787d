/**
 * The URL when it is on this page's own origin (an avatar the server stores), else null: the
 * console never makes the operator's browser fetch an image from elsewhere (a tracking pixel in
 * a user's profile would learn who looked, and when).
 */
export function sameOriginUrl(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url, globalThis.location.href)
    return parsed.origin === globalThis.location.origin &&
      (parsed.protocol === 'http:' || parsed.protocol === 'https:')
      ? parsed.href
      : null
  } catch {
    return null
  }
}
