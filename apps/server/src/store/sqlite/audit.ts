import type { AuditRepo } from '../store.js'
import { newId } from '../../ids.js'
import type { Connection } from './connection.js'
import { toAudit, type AuditRow } from './rows.js'

export function createAuditRepo({ db, prepare, read, write }: Connection): AuditRepo {
  const append = prepare(`
    INSERT INTO audit_log (id, at, action, actor_id, target_id, ip, details) VALUES (?, ?, ?, ?, ?, ?, ?)`)
  /*
   * Newest first by time, then insertion order. A userId filter walks the time index and checks
   * both columns: per-user indexes would tax every login's audit insert for a rare admin query.
   */
  const filter = `
    WHERE (:action IS NULL OR action = :action)
      AND (:user IS NULL OR actor_id = :user OR target_id = :user)
      AND (:actor IS NULL OR actor_id = :actor)
      AND (:target IS NULL OR target_id = :target)
      AND (:from IS NULL OR at >= :from)
      AND (:to IS NULL OR at < :to)`
  const page = prepare(
    `SELECT * FROM audit_log ${filter} ORDER BY at DESC, rowid DESC LIMIT :limit OFFSET :offset`,
  )
  const count = prepare(`SELECT count(*) AS n FROM audit_log ${filter}`)
  const list = db.transaction(
    (params: Record<string, string | number | null>, limit: number, offset: number) => ({
      items: page.all<AuditRow>({ ...params, limit, offset }).map(toAudit),
      total: count.get<{ n: number }>(params)?.n ?? 0,
    }),
  )

  return {
    append: (e) =>
      write(() => {
        append.run(
          newId(),
          e.at.getTime(),
          e.action,
          e.actorId,
          e.targetId,
          e.ip,
          JSON.stringify(e.details),
        )
      }),
    list: (q) =>
      read(() =>
        list(
          {
            action: q.action ?? null,
            user: q.userId ?? null,
            actor: q.actorId ?? null,
            target: q.targetId ?? null,
            from: q.from?.getTime() ?? null,
            to: q.to?.getTime() ?? null,
          },
          q.pageSize,
          (q.page - 1) * q.pageSize,
        ),
      ),
  }
}
