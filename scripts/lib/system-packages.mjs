// The Debian packages the tests use, installed with apt-get only when missing:
//   chromium             the H5 and /docs browser tests (or CHROMIUM_PATH)
//   fonts-wqy-microhei   CJK glyphs, so the screenshots are readable
//   redis-tools          the Redis binary for the shared-rate-limit suite, which starts it as a
//                        process of its own. Not `redis-server`: that package only adds a system
//                        service (enabled and started at install) around the same executable.
// apt's progress is kept in a log file and printed only when apt fails.
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const works = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0

export function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

/** The packages to install: `[{ name, why }]`, empty when everything is there. */
export function missingSystemPackages() {
  return [
    [!existsSync(chromiumPath()), 'chromium', 'browser tests'],
    [
      !existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
      'fonts-wqy-microhei',
      'CJK font for screenshots',
    ],
    [
      !works('redis-server', ['--version']) && !works('redis-check-rdb', ['--version']),
      'redis-tools',
      'Redis binary for the shared-limits suite; no service',
    ],
  ]
    .filter(([missing]) => missing)
    .map(([, name, why]) => ({ name, why }))
}

/** Installs `packages` with apt-get (root, or passwordless sudo); false when that failed. */
export function installSystemPackages(packages, say) {
  if (packages.length === 0) return true
  const names = packages.map((p) => p.name)
  say(`installing ${names.join(', ')} (apt-get)`)
  const root = process.getuid?.() === 0
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const log = path.join(tmpdir(), `wxlogin-apt-${process.pid}.log`)
  let output = ''
  const apt = (args) => {
    const [cmd, argv] = root ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]]
    const res = spawnSync(cmd, argv, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    output += `$ ${cmd} ${argv.join(' ')}\n${res.stdout ?? ''}${res.stderr ?? ''}${res.error ?? ''}\n`
    return res.status === 0
  }
  const ok =
    apt(['update', '-qq']) && apt(['install', '-y', '-qq', '--no-install-recommends', ...names])
  if (!ok) {
    writeFileSync(log, output)
    say(`apt-get failed; its output is in ${log}:\n${output.split('\n').slice(-15).join('\n')}`)
  }
  return ok
}
