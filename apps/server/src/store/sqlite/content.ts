import type {
  ModerationKind,
  ModerationReason,
  ModerationStatus,
  ModerationSuggest,
} from '@wxlogin/shared/dto'
import { newId } from '../../ids.js'
import type {
  MediaCheckRecord,
  MediaCheckRepo,
  MediaCheckStatus,
  ModerationRecord,
  ModerationRepo,
} from '../store.js'
import type { Connection } from './connection.js'

interface ModerationRow {
  id: string
  user_id: string
  kind: string
  content: string
  suggest: string
  label: number | null
  status: string
  reason: string
  trace_id: string | null
  created_at: number
  decided_at: number | null
  decided_by: string | null
}

const toItem = (r: ModerationRow): ModerationRecord => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind as ModerationKind,
  content: r.content,
  suggest: r.suggest as ModerationSuggest,
  label: r.label,
  status: r.status as ModerationStatus,
  reason: r.reason as ModerationReason,
  traceId: r.trace_id,
  createdAt: new Date(r.created_at),
  decidedAt: r.decided_at === null ? null : new Date(r.decided_at),
  decidedBy: r.decided_by,
})

interface MediaCheckRow {
  trace_id: string
  app_id: string
  user_id: string
  media_url: string
  status: string
  suggest: string | null
  label: number | null
  created_at: number
  settled_at: number | null
}

const toCheck = (r: MediaCheckRow): MediaCheckRecord => ({
  traceId: r.trace_id,
  appId: r.app_id,
  userId: r.user_id,
  mediaUrl: r.media_url,
  status: r.status as MediaCheckStatus,
  suggest: r.suggest as MediaCheckRecord['suggest'],
  label: r.label,
  createdAt: new Date(r.created_at),
  settledAt: r.settled_at === null ? null : new Date(r.settled_at),
})

export function createModerationRepo({ db, prepare, read, write }: Connection): ModerationRepo {
  const openTwin = prepare(
    `SELECT * FROM moderation_items
     WHERE user_id = ? AND kind = ? AND content = ? AND status = 'open' LIMIT 1`,
  )
  const insert = prepare(`
    INSERT INTO moderation_items
      (id, user_id, kind, content, suggest, label, status, reason, trace_id, created_at, decided_at, decided_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`)
  const byId = prepare('SELECT * FROM moderation_items WHERE id = ?')
  const decide = prepare(`
    UPDATE moderation_items SET status = ?, decided_at = ?, decided_by = ?
    WHERE id = ? AND status = 'open' RETURNING *`)
  const openPage = prepare(`SELECT * FROM moderation_items WHERE status = 'open'
    ORDER BY created_at, id LIMIT ? OFFSET ?`)
  const closedPage = prepare(`SELECT * FROM moderation_items WHERE status <> 'open'
    ORDER BY decided_at DESC, id DESC LIMIT ? OFFSET ?`)
  const countOpen = prepare(`SELECT count(*) AS n FROM moderation_items WHERE status = 'open'`)
  const removeItems = prepare('DELETE FROM moderation_items WHERE user_id = ?')
  const countClosed = prepare(`SELECT count(*) AS n FROM moderation_items WHERE status <> 'open'`)
  const listPage = db.transaction((open: boolean, limit: number, offset: number) => ({
    items: (open ? openPage : closedPage).all<ModerationRow>(limit, offset).map(toItem),
    total: (open ? countOpen : countClosed).get<{ n: number }>()?.n ?? 0,
  }))

  return {
    // The read and the insert share the write's transaction: two adds of one text make one item.
    add: (item) =>
      write(() => {
        const twin =
          item.status === 'open'
            ? openTwin.get<ModerationRow>(item.userId, item.kind, item.content)
            : undefined
        if (twin) return toItem(twin)
        const row = insert.get<ModerationRow>(
          newId(item.createdAt.getTime()),
          item.userId,
          item.kind,
          item.content,
          item.suggest,
          item.label,
          item.status,
          item.reason,
          item.traceId,
          item.createdAt.getTime(),
          item.decidedAt?.getTime() ?? null,
          item.decidedBy,
        )
        if (!row) throw new Error('insert returned no row')
        return toItem(row)
      }),
    findById: (id) =>
      read(() => {
        const row = byId.get<ModerationRow>(id)
        return row ? toItem(row) : null
      }),
    list: (q) => read(() => listPage(q.status === 'open', q.pageSize, (q.page - 1) * q.pageSize)),
    decide: (id, d) =>
      write(() => {
        const row = decide.get<ModerationRow>(d.status, d.at.getTime(), d.by, id)
        return row ? toItem(row) : null
      }),
    countOpen: () => read(() => countOpen.get<{ n: number }>()?.n ?? 0),
    removeForUser: (userId) =>
      write(() => {
        removeItems.run(userId)
      }),
  }
}

export function createMediaCheckRepo({ prepare, read, write }: Connection): MediaCheckRepo {
  const insert = prepare(`
    INSERT INTO media_checks (trace_id, app_id, user_id, media_url, status, created_at)
    VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT (trace_id) DO NOTHING`)
  const byTrace = prepare('SELECT * FROM media_checks WHERE trace_id = ?')
  const settle = prepare(`
    UPDATE media_checks SET status = 'settled', suggest = ?, label = ?, settled_at = ?
    WHERE trace_id = ? AND status IN ('pending', 'expired') RETURNING *`)
  const applied = prepare(
    `UPDATE media_checks SET status = 'applied' WHERE trace_id = ? AND status = 'settled'`,
  )
  // One statement: whichever process runs it, each check is expired (and returned) once.
  const expire = prepare(`
    UPDATE media_checks SET status = 'expired'
    WHERE trace_id IN (SELECT trace_id FROM media_checks
                       WHERE status = 'pending' AND created_at < ? ORDER BY created_at LIMIT ?)
    RETURNING *`)
  const countPending = prepare(`SELECT count(*) AS n FROM media_checks WHERE status = 'pending'`)
  const removeChecks = prepare('DELETE FROM media_checks WHERE user_id = ?')

  return {
    add: (c) =>
      write(() => {
        insert.run(c.traceId, c.appId, c.userId, c.mediaUrl, c.createdAt.getTime())
      }),
    findByTraceId: (traceId) =>
      read(() => {
        const row = byTrace.get<MediaCheckRow>(traceId)
        return row ? toCheck(row) : null
      }),
    settle: (traceId, verdict, at) =>
      write(() => {
        const row = settle.get<MediaCheckRow>(verdict.suggest, verdict.label, at.getTime(), traceId)
        return row ? toCheck(row) : null
      }),
    markApplied: (traceId) =>
      write(() => {
        applied.run(traceId)
      }),
    expire: (createdBefore, limit) =>
      write(() => expire.all<MediaCheckRow>(createdBefore.getTime(), limit).map(toCheck)),
    countPending: () => read(() => countPending.get<{ n: number }>()?.n ?? 0),
    removeForUser: (userId) =>
      write(() => {
        removeChecks.run(userId)
      }),
  }
}
