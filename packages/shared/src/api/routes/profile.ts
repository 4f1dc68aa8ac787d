import {
  AvatarResponse,
  AvatarUpload,
  BindPhoneRequest,
  UpdateMeRequest,
  User,
} from '../../dto/index.js'
import { raw, route } from '../route.js'

/** The signed-in user's own data. */
export const profileRoutes = {
  getMe: route({
    method: 'GET',
    path: '/api/me',
    tag: 'profile',
    summary: 'The signed-in user',
    auth: 'bearer',
    reply: User,
    errors: ['DB_UNAVAILABLE'],
  }),
  updateMe: route({
    method: 'PATCH',
    path: '/api/me',
    tag: 'profile',
    summary: 'Update the profile',
    description:
      '`wx.request` cannot send PATCH: a mini-program sends POST with `X-HTTP-Method-Override: PATCH`. A new nickname or bio is checked by WeChat first (msgSecCheck): judged risky, nothing is saved and the answer is 422 `CONTENT_RISKY` with `details: { field, label }`; when WeChat cannot be reached, 503 and nothing is saved. A new `avatarUrl` is checked like an upload.',
    auth: 'bearer',
    body: UpdateMeRequest,
    reply: User,
    errors: ['CONTENT_RISKY', 'WX_UPSTREAM_ERROR', 'WX_UNAVAILABLE', 'DB_UNAVAILABLE'],
  }),
  uploadAvatar: route({
    method: 'POST',
    path: '/api/me/avatar',
    tag: 'profile',
    summary: 'Upload an avatar image and set it',
    description:
      'One file in the field `file`: PNG, JPEG or WebP by content, at most 2 MiB. The avatar is set at once and sent to WeChat for checking (mediaCheckAsync): `avatarReview` is `pending` until the verdict arrives; a risky one is removed.',
    auth: 'bearer',
    body: AvatarUpload,
    bodyEncoding: 'multipart',
    maxBodyBytes: 2 * 1024 * 1024,
    reply: AvatarResponse,
    errors: ['RATE_LIMITED', 'WX_UPSTREAM_ERROR', 'WX_UNAVAILABLE', 'DB_UNAVAILABLE'],
  }),
  getAvatar: route({
    method: 'GET',
    path: '/avatars/{name}',
    tag: 'profile',
    summary: 'An uploaded avatar image (public: an <image> cannot send a token)',
    description:
      'Served when avatars are kept on this server (not with an object store). The name is the content hash; the bytes never change.',
    auth: 'none',
    reply: raw('image/*', 'The image (PNG, JPEG or WebP).'),
    errors: ['NOT_FOUND'],
  }),
  bindPhone: route({
    method: 'POST',
    path: '/api/me/phone',
    tag: 'profile',
    summary: 'Bind the phone number from a getPhoneNumber code',
    description: 'The code comes from the getPhoneNumber button, not from wx.login.',
    auth: 'bearer',
    body: BindPhoneRequest,
    reply: User,
    errors: [
      'PHONE_CODE_INVALID',
      'CONFLICT',
      'WX_RATE_LIMITED',
      'WX_UPSTREAM_ERROR',
      'WX_UNAVAILABLE',
      'RATE_LIMITED',
      'DB_UNAVAILABLE',
    ],
  }),
}
