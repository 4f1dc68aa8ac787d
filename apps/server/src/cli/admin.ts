import type { AuditAction, Role } from '@wxlogin/shared/dto'
import { isAppError } from '../app-error.js'
import { ConfigError, parseConfig } from '../config.js'
import { createStore } from '../store/create-store.js'

/**
 * `admin grant <userId>` / `admin revoke <userId>`: the only way to make an admin (docs/api.md,
 * "Admin endpoints": never an unauthenticated endpoint). It reads the same environment as the
 * server (DATA_DIR or MONGODB_URI) and writes to the same store; roles are read from the store
 * on every request, so the change takes effect at once, without a new login.
 *
 *   pnpm --filter @wxlogin/server admin:grant <userId>
 *   node dist/cli/admin.js revoke <userId>
 */

const USAGE = 'usage: admin <grant|revoke> <userId>'

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

async function run(argv: string[]): Promise<string> {
  const [command, userId, ...rest] = argv
  if (!command || !userId || rest.length > 0 || !Object.hasOwn(COMMANDS, command))
    throw new CliError(USAGE, 2)
  const { action, apply } = COMMANDS[command as keyof typeof COMMANDS]

  let config
  try {
    config = parseConfig(process.env)
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 2)
    throw err
  }

  const store = await createStore(config)
  try {
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
