/**
 * The URL of an operation: path parameters substituted and encoded, the query appended.
 * Built by hand: WeChat's mini-program runtime has no URL / URLSearchParams.
 */
export function urlOf(
  base: string,
  path: string,
  params: Record<string, string> = {},
  query: Record<string, unknown> = {},
): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`missing path parameter "${name}" for ${path}`)
    return encodeURIComponent(value)
  })
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')
  return `${base}${filled}${qs ? `?${qs}` : ''}`
}
