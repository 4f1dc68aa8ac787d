import { routes } from '@wxlogin/shared/api'
import type { AuditAction, Role } from '@wxlogin/shared/dto'
import { isAppError } from '../app-error.js'
import { ConfigError, parseConfig, type Config } from '../config.js'
import { issueLoginLink } from '../modules/admin-login/login-link.js'
import { createStore } from '../store/create-store.js'
import type { Store } from '../store/store.js'

/**
 * `admin grant <userId>` / `admin revoke <userId>`: the only way to make an admin (docs/api.md,
 * "Admin endpoints": never an unauthenticated endpoint). It reads the same environment as the
 * server (DATA_DIR or MONGODB_URI) and writes to the same store; roles are read from the store
 * on every request, so the change takes effect at once, without a new login.
 *
 * `admin login-link <userId>`: a one-time sign-in link to the admin console for that admin,
 * valid 10 minutes (bootstrap, or a machine without WeChat; docs/admin-console.md).
 *
 *   pnpm --filter @wxlogin/server admin:grant <userId>
 *   pnpm --filter @wxlogin/server admin:login-link <userId>
 *   node dist/cli/admin.js revoke <userId>
 */

const USAGE = 'usage: admin <grant|revoke|login-link> <userId>'

/** Exit codes: 0 done (or nothing to do), 1 failed (unknown user, store down), 2 bad usage/config. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message)
  }
}

const COMMANDS = {
  grant: {
    action: 'role_granted',
    apply: (roles: Role[]): Role[] => [...new Set<Role>([...roles, 'user', 'admin'])],
  },
  revoke: {
    action: 'role_revoked',
    apply: (roles: Role[]): Role[] => roles.filter((r) => r !== 'admin'),
  },
} satisfies Record<string, { action: AuditAction; apply(roles: Role[]): Role[] }>

/** Where an operator's browser reaches this server: PUBLIC_URL, else HOST:PORT on loopback. */
function consoleBase(config: Config): string {
  if (config.publicUrl) return config.publicUrl
  const host = ['0.0.0.0', '::', '[::]'].includes(config.host) ? '127.0.0.1' : config.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`
}

/**
 * The link's secret rides in the URL fragment, which browsers never send to a server (no access
 * log or proxy sees it); the console redeems it by polling the ticket and then drops it from the
 * address bar.
 */
async function loginLink(store: Store, config: Config, userId: string): Promise<string> {
  const link = await issueLoginLink(store, userId, new Date())
  const url = `${consoleBase(config)}${routes.adminConsole.path}/#/link/${link.ticketId}/${link.secret}`
  return `${url}\n(one-time sign-in for ${userId}, valid until ${link.expiresAt.toISOString()})`
}

async function run(argv: string[]): Promise<string> {
  const [command, userId, ...rest] = argv
  const known = command === 'login-link' || (command && Object.hasOwn(COMMANDS, command))
  if (!command || !userId || rest.length > 0 || !known) throw new CliError(USAGE, 2)

  let config
  try {
    config = parseConfig(process.env)
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 2)
    throw err
  }

  const store = await createStore(config)
  try {
    if (command === 'login-link') return await loginLink(store, config, userId)
    const { action, apply } = COMMANDS[command as keyof typeof COMMANDS]
    const user = await store.users.findById(userId)
    if (!user) throw new CliError(`No user with id ${userId} in the ${store.kind} store.`, 1)
    const roles = apply(user.roles)
    const isAdmin = roles.includes('admin')
    if (isAdmin === user.roles.includes('admin'))
      return `${userId}: nothing to do, ${isAdmin ? 'already' : 'not'} an admin`

    await store.users.updateAccount(userId, { roles })
    // actorId null: the operator at the console, not an API user.
    await store.audit.append({
      at: new Date(),
      action,
      actorId: null,
      targetId: userId,
      ip: null,
      details: { via: 'cli', roles, previousRoles: user.roles },
    })
    return `${userId}: ${isAdmin ? 'admin role granted' : 'admin role revoked'} (roles: ${roles.join(', ')})`
  } finally {
    await store.close()
  }
}

try {
  process.stdout.write(`${await run(process.argv.slice(2))}\n`)
} catch (err) {
  const message = err instanceof CliError || isAppError(err) ? err.message : String(err)
  process.stderr.write(`admin: ${message}\n`)
  process.exitCode = err instanceof CliError ? err.exitCode : 1
}
