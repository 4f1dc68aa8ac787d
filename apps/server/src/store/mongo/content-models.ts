import { Schema, type Connection, type Types } from 'mongoose'
import type { MediaCheckRecord, ModerationRecord } from '../store.js'

/** A moderation item; the store's record with an ObjectId for `_id`. */
export interface ModerationDoc extends Omit<ModerationRecord, 'id'> {
  _id: Types.ObjectId
}

/** An image check; `_id` is WeChat's trace_id. */
export interface MediaCheckDoc extends Omit<MediaCheckRecord, 'traceId'> {
  _id: string
}

export const CONTENT_COLLECTIONS = {
  moderation: 'moderation_items',
  mediaChecks: 'media_checks',
} as const

const options = { versionKey: false, autoIndex: false, autoCreate: false, strict: true } as const
const nullable = <T>(type: T) => ({ type, default: null })

const moderationSchema = new Schema<ModerationDoc>(
  {
    userId: { type: String, required: true },
    kind: { type: String, required: true },
    content: { type: String, required: true },
    suggest: { type: String, required: true },
    label: nullable(Number),
    status: { type: String, required: true },
    reason: { type: String, required: true },
    traceId: nullable(String),
    createdAt: { type: Date, required: true },
    decidedAt: nullable(Date),
    decidedBy: nullable(String),
  },
  { ...options, collection: CONTENT_COLLECTIONS.moderation },
)

const mediaCheckSchema = new Schema<MediaCheckDoc>(
  {
    _id: String,
    appId: { type: String, required: true },
    userId: { type: String, required: true },
    mediaUrl: { type: String, required: true },
    status: { type: String, required: true },
    suggest: nullable(String),
    label: nullable(Number),
    createdAt: { type: Date, required: true },
    settledAt: nullable(Date),
  },
  { ...options, collection: CONTENT_COLLECTIONS.mediaChecks },
)

/** The content-security models, on the store's own connection. */
export function createContentModels(conn: Connection) {
  return {
    Moderation: conn.model<ModerationDoc>('Moderation', moderationSchema),
    MediaCheck: conn.model<MediaCheckDoc>('MediaCheck', mediaCheckSchema),
  }
}

export type ContentModels = ReturnType<typeof createContentModels>
