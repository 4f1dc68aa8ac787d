/**
 * The console page's Content-Security-Policy. Scripts, styles, fonts and requests: this origin
 * only; no inline script and no inline `<style>` (`style-src 'self'` without 'unsafe-inline').
 *
 * Why that holds with Element Plus: it ships its styles as one CSS file, and what it sets at run
 * time (popup positions, z-index, widths) it sets through the CSSOM (`element.style`), which CSP
 * does not govern; only `<style>` elements and `style="…"` markup need 'unsafe-inline'. The
 * Chromium tests listen for `securitypolicyviolation` on every page and fail on any.
 *
 * Images: this origin (avatars the server stores) and `data:` (the sign-in QR code arrives as a
 * data URL). No frames, no forms posting anywhere, no `<base>`, never framed.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
