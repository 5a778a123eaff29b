// The built site's browser modules, as cargo-leptos's split build writes them into `pkg/`.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The main wasm and, per split point (a page group's `#[lazy]` function, named
 * `<group>_<hash>`), the files it loads: its own module and the ones it shares with other groups.
 */
export function browserModules (siteRoot: string) {
  const pkg = join(siteRoot, 'pkg')
  const files = readdirSync(pkg)
  const manifestFile = files.find((f) => /^__wasm_split_manifest.*\.json$/.test(f))
  const manifest: Record<string, string[]> = manifestFile ? JSON.parse(readFileSync(join(pkg, manifestFile), 'utf8')) : {}
  const wasm = files.filter((f) => f.endsWith('.wasm'))
  const main = wasm.find((f) => /^app\..*\.wasm$/.test(f) || f === 'app.wasm')
  // The manifest names files without their hash: `chunk_3` is `chunk_3.<hash>.wasm`.
  const file = (name: string) => wasm.find((f) => f === `${name}.wasm` || f.startsWith(`${name}.`))
  const pages = Object.entries(manifest).map(([split, names]) => ({
    split,
    files: names.map((name) => file(name) ?? name)
  }))
  return { main, pages }
}
