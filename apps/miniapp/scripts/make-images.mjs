// Draws the app's few bitmaps (tab bar icons, the default avatar) into src/static/ as PNGs.
// Dependency-free on purpose: a mini-program's tab bar needs local PNG files (no SVG, no icon
// fonts: https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html#tabBar),
// and these shapes are simple enough to rasterise here. Run: node scripts/make-images.mjs
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { crc32, deflateSync } from 'node:zlib'

const STATIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/static')
const SAMPLES = 4 // 4×4 samples per pixel: smooth edges

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'ascii')
  data.copy(out, 8)
  out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])), 8 + data.length)
  return out
}

/** An RGBA PNG of size×size; `paint(x, y)` returns [r, g, b, a] or null for transparent. */
function png(size, paint) {
  const row = 1 + size * 4
  const raw = Buffer.alloc(row * size)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0]
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = paint(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)
          if (!c) continue
          r += c[0] * c[3]
          g += c[1] * c[3]
          b += c[2] * c[3]
          a += c[3]
        }
      }
      const at = py * row + 1 + px * 4
      if (a > 0) raw.set([r / a, g / a, b / a, a / SAMPLES ** 2].map(Math.round), at)
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)).concat(255)
const dist = (x, y, cx, cy) => Math.hypot(x - cx, y - cy)
/** Distance from (x, y) to the segment a–b. */
function segment(x, y, [ax, ay], [bx, by]) {
  const [dx, dy] = [bx - ax, by - ay]
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
  return dist(x, y, ax + t * dx, ay + t * dy)
}
const polyline = (x, y, points) =>
  Math.min(...points.slice(1).map((p, i) => segment(x, y, points[i], p)))

/** A house: roof, walls and a door, drawn as 6-unit strokes on an 81×81 canvas. */
const home = (colour) => (x, y) => {
  const roof = polyline(x, y, [
    [12, 40],
    [40.5, 14],
    [69, 40],
  ])
  const walls = polyline(x, y, [
    [21, 33],
    [21, 68],
    [60, 68],
    [60, 33],
  ])
  const door = x > 35 && x < 46 && y > 49 && y < 68
  return Math.min(roof, walls) <= 3 || door ? colour : null
}

/** A person: a ring for the head and an arc for the shoulders. */
const mine = (colour) => (x, y) => {
  const head = Math.abs(dist(x, y, 40.5, 28) - 13) <= 3
  const shoulders = y <= 70 && Math.abs(dist(x, y, 40.5, 76) - 27) <= 3
  return head || shoulders ? colour : null
}

/** A neutral silhouette on a light grey disc: clearly "no photo yet", not a logo. */
const avatar = (x, y) => {
  if (dist(x, y, 120, 120) > 120) return null
  const head = dist(x, y, 120, 96) <= 44
  const body = ((x - 120) / 78) ** 2 + ((y - 214) / 70) ** 2 <= 1
  return head || body ? hex('#ffffff') : hex('#dcdfe6')
}

/** The app mark on the login page: a white padlock on WeChat green, in a rounded square. */
const logo = (x, y) => {
  const r = 32
  const [cx, cy] = [Math.min(Math.max(x, r), 144 - r), Math.min(Math.max(y, r), 144 - r)]
  if (dist(x, y, cx, cy) > r) return null
  const shackle = y <= 66 && Math.abs(dist(x, y, 72, 62) - 20) <= 6
  const body = x >= 42 && x <= 102 && y >= 62 && y <= 108
  const keyhole = dist(x, y, 72, 80) <= 7 || (Math.abs(x - 72) <= 3 && y >= 80 && y <= 96)
  return (shackle || body) && !keyhole ? hex('#ffffff') : hex('#07c160')
}

const images = {
  'logo.png': png(144, logo),
  'tabbar/home.png': png(81, home(hex('#8a8f99'))),
  'tabbar/home-active.png': png(81, home(hex('#07c160'))),
  'tabbar/mine.png': png(81, mine(hex('#8a8f99'))),
  'tabbar/mine-active.png': png(81, mine(hex('#07c160'))),
  'default-avatar.png': png(240, avatar),
}
for (const [name, bytes] of Object.entries(images)) {
  writeFileSync(path.join(STATIC_DIR, name), bytes)
  process.stdout.write(`${name}: ${bytes.length} bytes\n`)
}
