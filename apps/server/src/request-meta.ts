/** Where a request came from, as services record it (sessions, audit). */
export interface RequestMeta {
  /** The client IP (X-Forwarded-For only with TRUST_PROXY). */
  ip: string | null
  userAgent: string | null
}
