// The weight budget: what a browser downloads to run a page on a cold cache, measured on the
// release build as served (gzip and brotli), and the size of every part of the browser's module.
// Prints the table; fails when a figure passes its budget. The budgets are today's figures with a
// little room (so the build cannot grow unnoticed); the targets are where issue 18 wants them, and
// each budget comes down as the module shrinks, until it reaches its target. Until the module is
// split by page group (`cargo leptos build --split`), there are no group modules to measure.
import { request as httpRequest } from 'node:http'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext } from '@playwright/test'
import { test, expect, jsEnabled } from './fixtures'
import { newCitizen } from './account-helpers'

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>

const KB = 1024
// Measured on 2026-12-05 with erased components (first load 775.5 KB gzip, main wasm 736.3 KB),
// with 3 % room.
const BUDGET = {
  firstLoadGzip: 800 * KB,
  mainWasmGzip: 760 * KB,
  groupCodeGzip: 60 * KB
}
const TARGET = {
  firstLoadGzip: 200 * KB,
  mainWasmGzip: 120 * KB,
  groupCodeGzip: 60 * KB
}
// What a page needs to run: everything but images, icons, fonts and the web app manifest (the
// wasm modules are preloads and fetches, which Chromium may report as "other").
const NOT_COUNTED = new Set(['image', 'font', 'media', 'manifest'])

type Encoding = 'gzip' | 'br'

/** The bytes the server sends for `url` when the browser accepts `encoding` (compressed, as sent). */
function sentBytes (url: string, encoding: Encoding, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { 'accept-encoding': encoding, accept: '*/*', cookie } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`GET ${url}: ${response.statusCode}`))
        response.resume()
        return
      }
      let bytes = 0
      response.on('data', (chunk: Buffer) => { bytes += chunk.length })
      response.on('end', () => resolve(bytes))
    })
    request.on('error', reject)
    request.end()
  })
}

type Row = { what: string, gzip: number, br: number }

async function measure (url: string, cookie: string, what = new URL(url).pathname): Promise<Row> {
  return { what, gzip: await sentBytes(url, 'gzip', cookie), br: await sentBytes(url, 'br', cookie) }
}

const kb = (bytes: number) => (bytes / KB).toFixed(1)

function table (title: string, rows: Row[]) {
  const width = Math.max(...rows.map((row) => row.what.length), 10)
  const lines = [title, `${'resource'.padEnd(width)}  ${'gzip KB'.padStart(9)}  ${'br KB'.padStart(9)}`]
  for (const row of rows) lines.push(`${row.what.padEnd(width)}  ${kb(row.gzip).padStart(9)}  ${kb(row.br).padStart(9)}`)
  return lines.join('\n')
}

/**
 * Loads `path` in a new browser context (a cold cache; with `storageState`'s cookies) until it is
 * hydrated, and measures every counted resource of this site that it fetched.
 */
async function firstLoad (browser: Browser, baseURL: string, path: string, storageState?: StorageState): Promise<Row[]> {
  const context = await browser.newContext({ baseURL, storageState })
  const page = await context.newPage()
  const fetched: string[] = []
  page.on('request', (request) => {
    const counted = !NOT_COUNTED.has(request.resourceType()) && !/\.(png|ico|svg)$/.test(new URL(request.url()).pathname)
    if (counted && request.url().startsWith(baseURL)) fetched.push(request.url())
  })
  await page.goto(path)
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true')
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
  await context.close()
  const rows: Row[] = []
  for (const url of new Set(fetched)) rows.push(await measure(url, cookie))
  return rows
}

/** The built site's browser modules: the main wasm and, per page group, the split modules it loads. */
function modules (siteRoot: string) {
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

test.describe('weight budget', () => {
  test.skip(() => !jsEnabled(), 'what a browser with JavaScript downloads')

  test('first loads, the main wasm and each page group\'s code stay within budget', async ({ page, browser, baseURL }) => {
    test.setTimeout(120_000)
    const siteRoot = process.env.SITE_ROOT
    if (!siteRoot) throw new Error('SITE_ROOT must be set: run the tests through scripts/test')
    const report: string[] = []
    const failures: string[] = []

    // An account with an LPA at its first step after the donor.
    await newCitizen(page, 'weight')
    await page.getByLabel('Property and financial affairs').check()
    await page.getByRole('button', { name: 'Save and continue' }).click()
    await expect(page).toHaveURL(/\/lpa\/\d+\/donor$/)
    const lpaStep = new URL(page.url()).pathname

    const signedIn = await page.context().storageState()
    for (const [name, path, state] of [['/', '/'], ['/login', '/login'], ['an LPA step', lpaStep, signedIn]] as const) {
      const rows = await firstLoad(browser, baseURL!, path, state)
      const total = { what: 'total', gzip: rows.reduce((a, r) => a + r.gzip, 0), br: rows.reduce((a, r) => a + r.br, 0) }
      report.push(table(`first load of ${name} (${path})`, [...rows, total]))
      if (total.gzip > BUDGET.firstLoadGzip) failures.push(`first load of ${name}: ${kb(total.gzip)} KB gzip > ${kb(BUDGET.firstLoadGzip)} KB`)
      expect(rows.some((r) => r.what.endsWith('.wasm')), `${name} loads the wasm`).toBe(true)
    }

    const { main, pages } = modules(siteRoot)
    expect(main, 'the main wasm in the site').toBeTruthy()
    const mainRow = await measure(`${baseURL}/pkg/${main}`, '', `main module ${main}`)
    if (mainRow.gzip > BUDGET.mainWasmGzip) failures.push(`main wasm: ${kb(mainRow.gzip)} KB gzip > ${kb(BUDGET.mainWasmGzip)} KB`)
    const pageRows: Row[] = []
    for (const { split, files } of pages) {
      let gzip = 0
      let br = 0
      for (const f of files) {
        const row = await measure(`${baseURL}/pkg/${f}`, '')
        gzip += row.gzip
        br += row.br
      }
      pageRows.push({ what: `${split} (${files.length} file${files.length === 1 ? '' : 's'})`, gzip, br })
      if (gzip > BUDGET.groupCodeGzip) failures.push(`${split}: ${kb(gzip)} KB gzip > ${kb(BUDGET.groupCodeGzip)} KB`)
    }
    pageRows.sort((a, b) => b.gzip - a.gzip)
    report.push(table(`browser modules: the main one, then each page group's own (${pageRows.length} groups, largest first)`, [mainRow, ...pageRows]))
    report.push(`budgets (enforced): first load <= ${kb(BUDGET.firstLoadGzip)} KB gzip, main wasm <= ${kb(BUDGET.mainWasmGzip)} KB, a page group's code <= ${kb(BUDGET.groupCodeGzip)} KB`)
    report.push(`targets (issue 18): first load <= ${kb(TARGET.firstLoadGzip)} KB gzip, main wasm <= ${kb(TARGET.mainWasmGzip)} KB, a page group's code <= ${kb(TARGET.groupCodeGzip)} KB`)
    console.log(report.join('\n\n'))
    expect(failures, 'budgets exceeded').toEqual([])
  })
})
