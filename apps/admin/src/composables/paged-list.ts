import { onMounted, reactive, ref, type Ref } from 'vue'
import { errorMessage } from '@/utils/error-message'

export interface Paging {
  page: number
  pageSize: number
}

/**
 * A list the server pages: its filters (with `page` and `pageSize`), the current page's rows, the
 * total, a loading flag and the last failure in words. Loads when the page mounts; `search()`
 * starts again at page 1 (for a changed filter), `load()` reloads the current page.
 */
export function usePagedList<Row, Filters extends object>(
  initial: Filters,
  fetchPage: (filters: Filters & Paging) => Promise<{ items: Row[]; total: number }>,
) {
  // The filters hold plain values only, so the reactive proxy has the filters' own type.
  const filters = reactive({ ...initial, page: 1, pageSize: 20 }) as Filters & Paging
  const rows = ref([]) as Ref<Row[]>
  const total = ref(0)
  const loading = ref(false)
  const problem = ref<string | null>(null)

  async function load() {
    loading.value = true
    problem.value = null
    try {
      const res = await fetchPage(filters)
      rows.value = res.items
      total.value = res.total
    } catch (err) {
      problem.value = errorMessage(err)
    } finally {
      loading.value = false
    }
  }

  function search() {
    filters.page = 1
    void load()
  }

  onMounted(load)
  return { filters, rows, total, loading, problem, load, search }
}
