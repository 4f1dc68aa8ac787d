// Steps several browser tests take the same way.
import { loginFromUi } from './h5-harness.mjs'

/** A browser signed in through the login page as `dev-<name>`, past 完善资料, on the home page. */
export async function signedIn(h5, viewport, name) {
  const app = await h5.openApp({ viewport, devUser: name, path: '/pages/login/index' })
  await loginFromUi(app.page)
  await app.page.locator('#welcome-skip').click()
  await app.page.locator('#home-greeting').waitFor()
  return app
}
