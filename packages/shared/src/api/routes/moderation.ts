import {
  ModerationDecisionRequest,
  ModerationItem,
  ModerationList,
  ModerationQuery,
} from '../../dto/index.js'
import { route } from '../route.js'

/** The content moderation queue (docs/content-security.md): a bearer token with the `admin` role. */
export const moderationRoutes = {
  listModeration: route({
    method: 'GET',
    path: '/api/admin/moderation',
    tag: 'admin',
    summary: 'The moderation queue',
    description:
      'Nicknames, bios and avatars WeChat asked a human to review, could not judge, or judged too late. `status=open` (default): oldest first; `status=closed`: decided items, newest first.',
    auth: 'admin',
    query: ModerationQuery,
    reply: ModerationList,
    errors: ['DB_UNAVAILABLE'],
  }),
  decideModeration: route({
    method: 'POST',
    path: '/api/admin/moderation/{id}',
    tag: 'admin',
    summary: 'Approve or reject a queued item',
    description:
      'Rejecting clears the field if it still holds that content (nickname or bio to null; an avatar to none, and its file is no longer served). Deciding an item again the same way returns it unchanged; the other way is 409.',
    auth: 'admin',
    body: ModerationDecisionRequest,
    reply: ModerationItem,
    errors: ['NOT_FOUND', 'CONFLICT', 'DB_UNAVAILABLE'],
  }),
}
