import { routes } from '@wxlogin/shared/api'

const asset = (prefix: string, file: string) =>
  `${prefix}${routes.docsAsset.path.replace('{file}', file)}`

/**
 * The /docs page: swagger-ui from the swagger-ui-dist package, served by this server (no CDN:
 * many networks where this runs cannot reach one). The init code is a file, not an inline
 * script, so the page's CSP can say `script-src 'self'`. `prefix` is the path wxlogin is mounted
 * under in a host app (http/context.ts, mountPrefix), empty when it is the whole server.
 */
export const docsHtml = (prefix: string): string => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>wxlogin API</title>
  <link rel="icon" type="image/png" href="${asset(prefix, 'favicon-32x32.png')}">
  <link rel="stylesheet" href="${asset(prefix, 'swagger-ui.css')}">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${asset(prefix, 'swagger-ui-bundle.js')}"></script>
  <script src="${asset(prefix, 'docs-init.js')}"></script>
</body>
</html>
`

// validatorUrl: null — otherwise swagger-ui loads a badge from validator.swagger.io.
export const docsInitJs = (prefix: string): string => `window.ui = SwaggerUIBundle({
  url: '${prefix}${routes.openapi.path}',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
  presets: [SwaggerUIBundle.presets.apis],
});
`

/**
 * swagger-ui sets inline styles from its React components, hence style-src 'unsafe-inline';
 * scripts only from this origin; requests (Try it out) only to this origin.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
