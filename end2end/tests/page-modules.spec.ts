// The browser build split by page group (app/src/routes/page_modules.rs): a first load fetches the
// shell's module and its own page group's; a link to a page of another group fetches that group's
// module when it is pointed at or followed, and the router draws the page in the same document.
import { basename } from 'node:path'
import { test, expect, jsEnabled } from './fixtures'
import { newCitizen } from './account-helpers'
import { browserModules } from './site-modules'

test.skip(() => !jsEnabled(), 'the modules are what a browser with JavaScript fetches')

test('links from / to an LPA step fetch the LPA pages\' module then, and it hydrates without a console error', async ({ page, visit, consoleErrors, expectNoAxeViolations }) => {
  const siteRoot = process.env.SITE_ROOT
  if (!siteRoot) throw new Error('SITE_ROOT must be set: run the tests through scripts/test')
  const { main, pages } = browserModules(siteRoot)
  // The split point of the LPA pages' group is its `#[lazy]` function `lpa`, named `lpa_<hash>`.
  const lpaPages = pages.find(({ split }) => /^lpa_\d+$/.test(split))
  expect(lpaPages, 'the LPA pages have a module of their own').toBeTruthy()

  // Each page is sent with preloads of the main module and its own group's modules, and only those,
  // however many pages are being drawn at once.
  const sitePages = pages.find(({ split }) => /^site_\d+$/.test(split))!
  const signingInPages = pages.find(({ split }) => /^signing_in_\d+$/.test(split))!
  const preloads = (html: string) => [...html.matchAll(/<link rel="preload" href="\/pkg\/([^"]+)" as="fetch"/g)].map((m) => m[1]).filter((file) => file !== main).sort()
  const sent = await Promise.all([...Array(12)].map((_, n) => page.request.get(n % 2 === 0 ? '/' : '/login').then((r) => r.text())))
  sent.forEach((html, n) => {
    const group = n % 2 === 0 ? sitePages : signingInPages
    expect(preloads(html), `the preloads of ${n % 2 === 0 ? '/' : '/login'}`).toEqual([...group.files].sort())
  })

  await newCitizen(page, 'modules')
  await page.getByLabel('Property and financial affairs').check()
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page).toHaveURL(/\/lpa\/\d+\/donor$/)

  const fetched = new Set<string>()
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname
    if (path.endsWith('.wasm')) fetched.add(basename(path))
  })
  const fetchedAll = (files: string[]) => files.every((file) => fetched.has(file))

  // A fresh document at `/`: the landing page's group, not the LPA pages'.
  await visit('/')
  expect(fetchedAll(lpaPages!.files), `/ does not fetch ${lpaPages!.files.join(', ')}`).toBe(false)
  await page.evaluate(() => { (window as unknown as { sameDocument: boolean }).sameDocument = true })

  // Pointing at a link starts fetching its page group's module (app::prefetch), before any click.
  const accountPages = pages.find(({ split }) => /^account_\d+$/.test(split))!
  expect(fetchedAll(accountPages.files), '/ does not fetch the account pages\' module').toBe(false)
  await page.getByRole('link', { name: 'Your LPAs' }).hover()
  await expect.poll(() => fetchedAll(accountPages.files), { message: 'hovering fetches the account pages\' module' }).toBe(true)
  await page.getByRole('link', { name: 'Your LPAs' }).click()
  await expect(page).toHaveURL(/\/user\/dashboard$/)
  await page.getByRole('button', { name: 'Make a new LPA' }).click()
  await expect(page).toHaveURL(/\/lpa\/type$/)
  const heading = 'What type of LPA do you want to make?'
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading)
  await expect(page).toHaveTitle(`${heading} – Digital public services – GOV.UK`)

  expect(fetchedAll(lpaPages!.files), `the step fetched ${lpaPages!.files.join(', ')}`).toBe(true)
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
  expect(consoleErrors).toEqual([])
  await expectNoAxeViolations()
})
