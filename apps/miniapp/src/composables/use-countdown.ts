import { computed, onUnmounted, ref } from 'vue'

/** Seconds left before something may be tried again (a rate limit's Retry-After). */
export function useCountdown() {
  const left = ref(0)
  let timer: ReturnType<typeof setInterval> | null = null

  function stop(): void {
    if (timer) clearInterval(timer)
    timer = null
    left.value = 0
  }

  function start(seconds: number): void {
    stop()
    left.value = Math.ceil(seconds)
    timer = setInterval(() => {
      left.value -= 1
      if (left.value <= 0) stop()
    }, 1000)
  }

  onUnmounted(stop)
  return { left, running: computed(() => left.value > 0), start, stop }
}
