import { createSSRApp } from 'vue'
import * as Pinia from 'pinia'
import App from './App.vue'
// #ifdef MP-WEIXIN
import { installUrlSearchParams } from './polyfills/url-search-params'

installUrlSearchParams()
// #endif

export function createApp() {
  const app = createSSRApp(App)
  app.use(Pinia.createPinia())
  return { app, Pinia }
}
