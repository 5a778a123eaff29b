// Writes .gz and .br beside every compressible file of the built site, so the server sends
// precompressed files (tower-http ServeDir) instead of compressing on every request.
//   node scripts/precompress.mjs SITE_ROOT
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { join, extname } from 'node:path'
import { gzipSync, brotliCompressSync, constants } from 'node:zlib'

const compressible = new Set(['.js', '.mjs', '.css', '.wasm', '.svg', '.json', '.ico', '.html'])
const root = process.argv[2]
if (!root) throw new Error('usage: node scripts/precompress.mjs SITE_ROOT')

let written = 0
function walk (dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const stat = statSync(path)
    if (stat.isDirectory()) { walk(path); continue }
    if (!compressible.has(extname(name))) continue
    for (const [suffix, compress] of [
      ['.gz', (b) => gzipSync(b, { level: 9 })],
      ['.br', (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })]
    ]) {
      const target = path + suffix
      if (existsSync(target) && statSync(target).mtimeMs >= stat.mtimeMs) continue
      writeFileSync(target, compress(readFileSync(path)))
      written++
    }
  }
}
walk(root)
console.error(`precompressed ${written} files under ${root}`)
