/**
 * Stand-in for `@dcloudio/uni-app` in unit tests: the real hooks need uni's forked Vue runtime
 * (probe trap 4). Each hook records its callback; `triggerHook` plays the lifecycle.
 */
type Hook = (arg?: unknown) => unknown

const hooks = new Map<string, Hook[]>()

const register = (name: string) => (fn: Hook) => {
  hooks.set(name, [...(hooks.get(name) ?? []), fn])
}

export const onLaunch = register('onLaunch')
export const onLoad = register('onLoad')
export const onShow = register('onShow')
export const onHide = register('onHide')
export const onReady = register('onReady')
export const onUnload = register('onUnload')

export async function triggerHook(name: string, arg?: unknown): Promise<void> {
  for (const fn of hooks.get(name) ?? []) await fn(arg)
}

export function resetHooks(): void {
  hooks.clear()
}
