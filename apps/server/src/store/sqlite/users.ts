import type { Role, UserStatus } from '@wxlogin/shared/dto'
import type { UserRecord, UserRepo } from '../store.js'
import { newId } from '../../ids.js'
import { createAccountDeletion } from './account-deletion.js'
import type { Connection, Prepared } from './connection.js'
import {
  profileAssignments,
  profileValuePlaceholders,
  PROFILE_COLUMNS,
  pushProfile,
  toUser,
  type UserRow,
} from './rows.js'

const PROFILE_COLS = PROFILE_COLUMNS.map(([, c]) => c)
/** The upsert's parameters: ?1-?5, then two per profile column from ?6, then the agreement's two. */
const AGREEMENT_VERSION = 6 + 2 * PROFILE_COLS.length
const AGREEMENT_AT = AGREEMENT_VERSION + 1

/** `col IS value` for each expected column (`IS` compares NULLs too), from parameter `first` on. */
const expectations = (first: number): string =>
  PROFILE_COLUMNS.map(
    ([, c], i) => `(NOT ?${first + 2 * i + 1} OR ${c} IS ?${first + 2 * i})`,
  ).join(' AND ')

export function createUserRepo(conn: Connection): UserRepo {
  const { db, prepare, read, write } = conn
  /*
   * One statement, so it is atomic even across processes sharing the file: the insert wins or the
   * (app_id, openid) conflict turns it into an update. The insert writes login_count 1 and every
   * update increments it, so `login_count = 1` in the returned row means "this call created it".
   * A unionid taken by another user of the app is a different unique index: the statement fails
   * with SQLITE_CONSTRAINT_UNIQUE, which becomes CONFLICT. A disabled user is not updated (the
   * WHERE), and then no row is returned: the user is read as stored, in the same transaction.
   * An agreement accepted with the login is recorded by the same statement (null: keep the stored one).
   */
  const upsert = prepare(`
    INSERT INTO users (id, app_id, openid, unionid, ${PROFILE_COLS.join(', ')},
      agreement_version, agreement_accepted_at, login_count, created_at, last_login_at)
    VALUES (?1, ?2, ?3, ?4, ${profileValuePlaceholders(6)}, ?${AGREEMENT_VERSION}, ?${AGREEMENT_AT}, 1, ?5, ?5)
    ON CONFLICT (app_id, openid) DO UPDATE SET
      login_count = login_count + 1,
      last_login_at = ?5,
      unionid = COALESCE(unionid, ?4),
      ${profileAssignments(6)},
      agreement_accepted_at = CASE WHEN ?${AGREEMENT_VERSION} IS NULL THEN agreement_accepted_at ELSE ?${AGREEMENT_AT} END,
      agreement_version = COALESCE(?${AGREEMENT_VERSION}, agreement_version)
    WHERE users.status <> 'disabled'
    RETURNING *`)
  const byIdentity = prepare('SELECT * FROM users WHERE app_id = ? AND openid = ?')
  const byId = prepare('SELECT * FROM users WHERE id = ?')
  const patchProfile = prepare(
    `UPDATE users SET ${profileAssignments(2)} WHERE id = ?1 RETURNING *`,
  )
  const patchProfileIf = prepare(
    `UPDATE users SET ${profileAssignments(2)}
     WHERE id = ?1 AND ${expectations(2 + 2 * PROFILE_COLUMNS.length)} RETURNING *`,
  )
  const avatarInUse = prepare(
    'SELECT 1 AS used FROM users WHERE substr(avatar_url, -length(?1)) = ?1 LIMIT 1',
  )
  const byAvatarFile = prepare(
    'SELECT * FROM users WHERE substr(avatar_url, -length(?1)) = ?1 ORDER BY id LIMIT ?2',
  )
  const setPhone = prepare(
    'UPDATE users SET phone = ?, phone_national = ?, phone_country_code = ? WHERE id = ? RETURNING *',
  )
  const setAgreement = prepare(
    'UPDATE users SET agreement_version = ?, agreement_accepted_at = ? WHERE id = ? RETURNING *',
  )
  const patchAccount = prepare(
    'UPDATE users SET status = COALESCE(?, status), roles = COALESCE(?, roles) WHERE id = ? RETURNING *',
  )
  /*
   * q matches a nickname substring or one exact identifier. instr() treats q literally (no LIKE or
   * regex metacharacters). SQLite's lower() folds ASCII only: Chinese has no case, but "É" and "é"
   * do not match each other; acceptable for an admin search. The nickname test cannot use an
   * index, so a search scans the table; paging without q walks users_created or users_last_login.
   * Roles are a JSON array: json_each finds one in it.
   */
  const filter = `
    WHERE (:status IS NULL OR status = :status)
      AND (:role IS NULL OR EXISTS (SELECT 1 FROM json_each(users.roles) WHERE value = :role))
      AND (:q IS NULL OR instr(lower(nickname), lower(:q)) > 0 OR id = :q
           OR openid = :q OR unionid = :q OR phone = :q OR phone_national = :q)`
  const count = prepare(`SELECT count(*) AS n FROM users ${filter}`)
  // One statement per order (column names cannot be parameters); the four are fixed strings.
  const ORDER = {
    createdAt: { desc: 'created_at DESC, id DESC', asc: 'created_at ASC, id ASC' },
    lastLoginAt: { desc: 'last_login_at DESC, id DESC', asc: 'last_login_at ASC, id ASC' },
  } as const
  const pages = new Map<string, Prepared>()
  const pageFor = (sort: keyof typeof ORDER, order: 'desc' | 'asc'): Prepared => {
    const key = `${sort}:${order}`
    let stmt = pages.get(key)
    if (!stmt) {
      stmt = prepare(
        `SELECT * FROM users ${filter} ORDER BY ${ORDER[sort][order]} LIMIT :limit OFFSET :offset`,
      )
      pages.set(key, stmt)
    }
    return stmt
  }

  // One read transaction, so the page and its total come from the same snapshot.
  const listPage = db.transaction(
    (
      page: Prepared,
      params: { status: string | null; role: string | null; q: string | null },
      limit: number,
      offset: number,
    ) => ({
      items: page.all<UserRow>({ ...params, limit, offset }).map(toUser),
      total: count.get<{ n: number }>(params)?.n ?? 0,
    }),
  )
  const stats = prepare(`
    SELECT count(*) AS total,
           coalesce(sum(status = 'active'), 0) AS active,
           coalesce(sum(status = 'disabled'), 0) AS disabled,
           coalesce(sum(created_at >= ?), 0) AS created_since
    FROM users`)

  const one = (row: UserRow | undefined): UserRecord | null => (row ? toUser(row) : null)

  return {
    upsertOnLogin: (input) =>
      write(() => {
        const params = pushProfile(
          [
            newId(),
            input.appId,
            input.openid,
            // WeChat omits unionid when the app is not bound to an open-platform account; never
            // store "" or "undefined", which would collide across users in the unique index.
            input.unionid || null,
            input.now.getTime(),
          ],
          input.profile,
        )
        params.push(input.agreement?.version ?? null, input.agreement?.acceptedAt.getTime() ?? null)
        const row = upsert.get<UserRow>(params)
        if (row) return { user: toUser(row), isNew: row.login_count === 1 }
        const stored = byIdentity.get<UserRow>(input.appId, input.openid)
        if (!stored) throw new Error('upsert returned no row and found no user')
        return { user: toUser(stored), isNew: false }
      }),

    findById: (id) => read(() => one(byId.get(id))),

    // The read runs inside the write's transaction, so `before` is exactly what was replaced.
    updateProfile: (id, patch) =>
      write(() => {
        const before = byId.get<UserRow>(id)
        const after = before && patchProfile.get<UserRow>(pushProfile([id], patch))
        return before && after ? { before: toUser(before), after: toUser(after) } : null
      }),

    updateProfileIf: (id, expected, patch) =>
      write(() => {
        const before = byId.get<UserRow>(id)
        const params = pushProfile(pushProfile([id], patch), expected)
        const after = before && patchProfileIf.get<UserRow>(params)
        return before && after ? { before: toUser(before), after: toUser(after) } : null
      }),

    avatarInUse: (fileName) => read(() => avatarInUse.get(`/${fileName}`) !== undefined),

    listByAvatarFile: (fileName, limit) =>
      read(() => byAvatarFile.all<UserRow>(`/${fileName}`, limit).map(toUser)),

    setPhone: (id, phone) =>
      write(() => one(setPhone.get(phone.phone, phone.phoneNational, phone.phoneCountryCode, id))),

    updateAccount: (id, patch: { status?: UserStatus; roles?: Role[] }) =>
      write(() =>
        one(
          patchAccount.get(
            patch.status ?? null,
            patch.roles ? JSON.stringify(patch.roles) : null,
            id,
          ),
        ),
      ),

    acceptAgreement: (id, agreement) =>
      write(() => one(setAgreement.get(agreement.version, agreement.acceptedAt.getTime(), id))),

    ...createAccountDeletion(conn),

    list: (query) =>
      read(() =>
        listPage(
          pageFor(query.sort ?? 'createdAt', query.order ?? 'desc'),
          { status: query.status ?? null, role: query.role ?? null, q: query.q || null },
          query.pageSize,
          (query.page - 1) * query.pageSize,
        ),
      ),

    stats: (since) =>
      read(() => {
        const row = stats.get<{
          total: number
          active: number
          disabled: number
          created_since: number
        }>(since.getTime())
        return {
          total: row?.total ?? 0,
          active: row?.active ?? 0,
          disabled: row?.disabled ?? 0,
          createdSince: row?.created_since ?? 0,
        }
      }),
  }
}
