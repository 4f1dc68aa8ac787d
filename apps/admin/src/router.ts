import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'

/**
 * Hash routes (the console's pages live after the #): the server serves one page, and a sign-in link's
 * secret (`#/link/<ticket>/<secret>`) stays in the fragment, which no request ever carries.
 */
const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/pages/LoginPage.vue') },
  {
    path: '/link/:ticket/:secret',
    name: 'link',
    component: () => import('@/pages/LinkPage.vue'),
  },
  {
    path: '/',
    component: () => import('@/components/ConsoleLayout.vue'),
    meta: { signedIn: true },
    children: [
      { path: '', name: 'dashboard', component: () => import('@/pages/DashboardPage.vue') },
      { path: 'users', name: 'users', component: () => import('@/pages/UsersPage.vue') },
      { path: 'users/:id', name: 'user', component: () => import('@/pages/UserPage.vue') },
      { path: 'audit', name: 'audit', component: () => import('@/pages/AuditPage.vue') },
      {
        path: 'moderation',
        name: 'moderation',
        component: () => import('@/pages/ModerationPage.vue'),
      },
    ],
  },
  { path: '/:rest(.*)', redirect: '/' },
]

export function createConsoleRouter() {
  const router = createRouter({ history: createWebHashHistory(), routes })
  router.beforeEach((to) => {
    const auth = useAuthStore()
    if (to.matched.some((r) => r.meta.signedIn) && !auth.isSignedIn)
      return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    if (to.name === 'login' && auth.isSignedIn) return { name: 'dashboard' }
    return true
  })
  return router
}

/** Only an in-console path may be a redirect target. */
export const safeRedirect = (value: unknown): string =>
  typeof value === 'string' && /^\/[\w/-]*$/.test(value) && !value.startsWith('//') ? value : '/'
