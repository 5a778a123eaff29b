// Compiles style/main.scss (GOV.UK Frontend with Arial, and our own few rules) into
// style/dist/main.css, minified by lightningcss, for cargo-leptos to ship (its `style-file`).
// GOV.UK's Sass keeps hacks for Internet Explorer (`@media screen\0`, `(min-width: 0\0)`) that are
// not valid CSS, so lightningcss (here, and cargo-leptos's own pass) could not parse the output and
// the CSS was shipped as Sass wrote it; those blocks are dropped first (no browser we support
// reads them).
//   node scripts/style.mjs
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'
import { transform } from 'lightningcss'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const source = join(root, 'style/main.scss')
const target = join(root, 'style/dist/main.css')

/** The CSS without the `@media` blocks whose query holds Sass's rendering of `\0` (U+FFFD). */
function withoutIeHacks (css) {
  let out = ''
  let from = 0
  let dropped = 0
  for (const match of css.matchAll(/@media[^{]*\uFFFD[^{]*\{/g)) {
    if (match.index < from) continue
    let depth = 1
    let at = match.index + match[0].length
    while (depth > 0 && at < css.length) {
      if (css[at] === '{') depth++
      else if (css[at] === '}') depth--
      at++
    }
    out += css.slice(from, match.index)
    from = at
    dropped++
  }
  return { css: out + css.slice(from), dropped }
}

const compiled = sass.compile(source, { style: 'expanded', sourceMap: false })
const { css, dropped } = withoutIeHacks(compiled.css)
// No error recovery: anything else lightningcss cannot read stops the build.
const { code } = transform({ filename: 'main.css', code: Buffer.from(css), minify: true })
mkdirSync(dirname(target), { recursive: true })
writeFileSync(target, code)
console.error(`style/dist/main.css: ${code.length} bytes (Sass output ${compiled.css.length}; ${dropped} IE-only blocks dropped)`)
