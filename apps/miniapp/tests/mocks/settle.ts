import { flushPromises } from '@vue/test-utils'

/** Lets the fake network (1 ms replies) and the promise chains behind it finish. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2))
    await flushPromises()
  }
}
