import type Database from 'libsql'
import { PROFILE_FIELDS, PROFILE_KEYS, type ProfileKind } from '../profile-fields.js'

/** The SQLite type of each profile kind; a NOT NULL one needs a default (ALTER TABLE ADD COLUMN). */
const COLUMN_TYPES = {
  text: 'TEXT',
  gender: 'INTEGER NOT NULL DEFAULT 0',
  review: 'TEXT',
} as const satisfies Record<ProfileKind, string>

const columnDdl = (key: (typeof PROFILE_KEYS)[number]): string =>
  `${PROFILE_FIELDS[key].column} ${COLUMN_TYPES[PROFILE_FIELDS[key].kind]}`

const PROFILE_DDL = PROFILE_KEYS.map(columnDdl).join(',\n    ')

/**
 * The embedded store's schema. Times are integer milliseconds since the epoch, roles and audit
 * details are JSON text, ids are opaque 24-hex strings (like a MongoDB ObjectId, so ids look
 * alike whichever store issued them).
 *
 * Versioned with `PRAGMA user_version`: each entry of MIGRATIONS runs once, in order, inside one
 * transaction, and bumps the version. Version 1 is the initial schema; add new entries at the end,
 * never edit a released one.
 *
 * Profile columns are the exception: they come from PROFILE_FIELDS (profile-fields.ts), and every
 * open adds the ones a users table lacks (addProfileColumns), so a new profile field needs no
 * migration. That is add-only: renaming or dropping a field still takes a migration here.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE IF NOT EXISTS users (
    id                 TEXT PRIMARY KEY,
    app_id             TEXT NOT NULL,
    openid             TEXT NOT NULL,
    unionid            TEXT,
    phone              TEXT,
    phone_national     TEXT,
    phone_country_code TEXT,
    ${PROFILE_DDL},
    roles              TEXT NOT NULL DEFAULT '["user"]',
    status             TEXT NOT NULL DEFAULT 'active',
    login_count        INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    last_login_at      INTEGER NOT NULL
  );
  -- Identity is (appId, openid): an openid is per mini-program.
  CREATE UNIQUE INDEX IF NOT EXISTS users_app_openid ON users (app_id, openid);
  -- One person has one unionid across the mini-programs of an open-platform account, so it is
  -- unique per app only.
  CREATE UNIQUE INDEX IF NOT EXISTS users_app_unionid ON users (app_id, unionid) WHERE unionid IS NOT NULL;
  CREATE UNIQUE INDEX IF NOT EXISTS users_phone ON users (phone) WHERE phone IS NOT NULL;
  CREATE INDEX IF NOT EXISTS users_phone_national ON users (phone_national) WHERE phone_national IS NOT NULL;
  CREATE INDEX IF NOT EXISTS users_created ON users (created_at DESC, id DESC);

  CREATE TABLE IF NOT EXISTS sessions (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL,
    app_id         TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    last_used_at   INTEGER NOT NULL,
    revoked_at     INTEGER,
    revoked_reason TEXT,
    user_agent     TEXT,
    ip             TEXT
  );
  CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);
  CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires_at);

  -- A token without its session is meaningless: deleting a session deletes its tokens.
  CREATE TABLE IF NOT EXISTS refresh_tokens (
    hash       TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS refresh_tokens_session ON refresh_tokens (session_id);
  CREATE INDEX IF NOT EXISTS refresh_tokens_expires ON refresh_tokens (expires_at);

  CREATE TABLE IF NOT EXISTS login_codes (
    code_hash  TEXT PRIMARY KEY,
    app_id     TEXT NOT NULL,
    openid     TEXT NOT NULL,
    unionid    TEXT,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS login_codes_expires ON login_codes (expires_at);

  CREATE TABLE IF NOT EXISTS wx_tokens (
    app_id     TEXT PRIMARY KEY,
    token      TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE IF NOT EXISTS wx_token_leases (
    app_id TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  INTEGER NOT NULL
  ) WITHOUT ROWID;

  -- rowid breaks ties between entries of the same millisecond in insertion order.
  CREATE TABLE IF NOT EXISTS audit_log (
    id        TEXT NOT NULL UNIQUE,
    at        INTEGER NOT NULL,
    action    TEXT NOT NULL,
    actor_id  TEXT,
    target_id TEXT,
    ip        TEXT,
    details   TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS audit_at ON audit_log (at);
  `,
  // 2: the accepted user agreement version and when (docs/account-lifecycle.md).
  `
  ALTER TABLE users ADD COLUMN agreement_version TEXT;
  ALTER TABLE users ADD COLUMN agreement_accepted_at INTEGER;
  `,
  // 3: the admin console: its sign-in tickets (扫码登录), and its user list sorted by last login.
  `
  CREATE TABLE IF NOT EXISTS login_tickets (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    poll_token_hash TEXT NOT NULL,
    state           TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    user_agent      TEXT,
    ip              TEXT,
    scanned_by      TEXT,
    approved_by     TEXT,
    consumed_at     INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS login_tickets_expires ON login_tickets (expires_at);
  CREATE INDEX IF NOT EXISTS users_last_login ON users (last_login_at DESC, id DESC);
  `,
  // 4: content security (docs/content-security.md): the moderation queue and the image checks
  // waiting for WeChat's pushed verdict.
  `
  CREATE TABLE IF NOT EXISTS moderation_items (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    content    TEXT NOT NULL,
    suggest    TEXT NOT NULL,
    label      INTEGER,
    status     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    trace_id   TEXT,
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    decided_by TEXT
  );
  CREATE INDEX IF NOT EXISTS moderation_status ON moderation_items (status, created_at, id);
  CREATE INDEX IF NOT EXISTS moderation_user ON moderation_items (user_id, kind, status);

  CREATE TABLE IF NOT EXISTS media_checks (
    trace_id   TEXT PRIMARY KEY,
    app_id     TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    media_url  TEXT NOT NULL,
    status     TEXT NOT NULL,
    suggest    TEXT,
    label      INTEGER,
    created_at INTEGER NOT NULL,
    settled_at INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS media_checks_status ON media_checks (status, created_at);
  `,
]

export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Pragmas for a durable-enough, concurrent file: WAL lets readers run beside the one writer;
 * synchronous=NORMAL in WAL mode is still crash-safe (a power loss can lose the last commits, never
 * corrupt the file) at ~10x the commit rate of FULL; busy_timeout lets a second process sharing
 * the file wait for the write lock instead of failing at once.
 */
export function configure(db: Database.Database, memory: boolean): void {
  if (!memory) db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000')
}

/** Brings the schema up to SCHEMA_VERSION; safe to run on every open and from several processes. */
export function migrate(db: Database.Database): void {
  const version = (): number =>
    (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version
  if (version() < SCHEMA_VERSION) {
    inWriteTransaction(db, () => {
      for (let v = version(); v < SCHEMA_VERSION; v++) {
        db.exec(MIGRATIONS[v] ?? '')
        db.exec(`PRAGMA user_version = ${v + 1}`)
      }
    })
  }
  addProfileColumns(db)
}

/** Adds the columns of profile fields declared since this file was created (see above). */
function addProfileColumns(db: Database.Database): void {
  const missing = () => {
    const columns = db.prepare('PRAGMA table_info(users)').all() as { name: string }[]
    const present = new Set(columns.map((c) => c.name))
    return PROFILE_KEYS.filter((key) => !present.has(PROFILE_FIELDS[key].column))
  }
  if (missing().length === 0) return
  inWriteTransaction(db, () => {
    // Again under the write lock: another process may have added them meanwhile.
    for (const key of missing()) db.exec(`ALTER TABLE users ADD COLUMN ${columnDdl(key)}`)
  })
}

/** IMMEDIATE takes the write lock first, so two processes opening a file change it one at a time. */
function inWriteTransaction(db: Database.Database, work: () => void): void {
  db.exec('BEGIN IMMEDIATE')
  try {
    work()
    db.exec('COMMIT')
  } catch (e) {
    db.exec('ROLLBACK')
    throw e
  }
}
