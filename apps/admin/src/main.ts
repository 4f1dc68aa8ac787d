import './zod-jitless'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import { createPinia } from 'pinia'
import { createApp, watch } from 'vue'
import App from './App.vue'
import { elementPlus } from './element-plus'
import './styles.css'
import { createConsoleRouter } from './router'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
app.use(createPinia())
const router = createConsoleRouter()
app.use(router)
app.use(elementPlus, { locale: zhCn })

// Signed out by the server (a dead refresh token, a disabled account) or by the user: back to
// the sign-in page, wherever the console was.
const auth = useAuthStore()
watch(
  () => auth.isSignedIn,
  (signedIn) => {
    if (!signedIn && router.currentRoute.value.meta.signedIn) void router.replace({ name: 'login' })
  },
)

app.mount('#app')
