import { test as base, expect } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'

type Fixtures = {
  /** Console errors and uncaught exceptions seen by the page, with the URL they concern. */
  consoleErrors: { text: string, url: string }[]
  /** Loads a page the way the project's user would: JS on waits for hydration. */
  visit: (path: string, expectedStatus?: number) => Promise<void>
  /** axe with the WCAG 2.2 AA rules; zero violations expected. */
  expectNoAxeViolations: () => Promise<void>
}

/**
 * What axe reports on markup that GOV.UK Frontend's own JavaScript writes, where GOV.UK has chosen
 * to keep it after research with assistive technology users. Each entry is one rule on one kind of
 * element; any other finding fails the test.
 */
const GOVUK_FRONTEND_DECISIONS: { rule: string, element: (html: string) => boolean, why: string }[] = [
  {
    rule: 'aria-allowed-attr',
    element: (html) => html.includes('govuk-radios__input') && html.includes('aria-expanded'),
    why: 'conditional reveals set aria-expanded on radios (alphagov/govuk-frontend#979, kept on purpose)'
  },
  {
    rule: 'label-content-name-mismatch',
    element: (html) => html.includes('govuk-accordion__section-button'),
    why: 'the accordion names its buttons "heading , summary , Show this section" for screen readers'
  }
]

let testsInThisWorker = 0

/**
 * The address this test's browser claims to come from. The test server trusts `X-Forwarded-For`
 * as if behind a load balancer, so each test is its own citizen at its own address: the
 * per-address rate limits (tested in the server's own tests) then meet the traffic of one person,
 * not of every journey running at once from 127.0.0.1.
 */
function newClientAddress (workerIndex: number) {
  testsInThisWorker += 1
  return `10.${workerIndex % 256}.${(testsInThisWorker >> 8) % 256}.${testsInThisWorker % 256}`
}

/** Whether this test runs in the JavaScript-enabled project. */
export const jsEnabled = () => base.info().project.use.javaScriptEnabled !== false

export const test = base.extend<Fixtures>({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use, testInfo) => {
    await use({ ...extraHTTPHeaders, 'X-Forwarded-For': newClientAddress(testInfo.workerIndex) })
  },

  consoleErrors: async ({ page }, use) => {
    const errors: { text: string, url: string }[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push({ text: message.text(), url: message.location().url })
    })
    page.on('pageerror', (error) => errors.push({ text: error.message, url: page.url() }))
    await use(errors)
  },

  visit: async ({ page, consoleErrors }, use) => {
    await use(async (path, expectedStatus = 200) => {
      const response = await page.goto(path)
      expect(response?.status(), `status of ${path}`).toBe(expectedStatus)
      if (jsEnabled()) {
        // Error pages are deliberately not hydrated.
        if (expectedStatus < 500) {
          await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true')
          // GOV.UK Frontend ran initAll() after hydration.
          await expect(page.locator('.govuk-skip-link')).toHaveAttribute('data-govuk-skip-link-init', '')
        }
        await expect(page.locator('body')).toHaveClass(/govuk-frontend-supported/)
      } else {
        await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', /.*/)
        await expect(page.locator('body')).not.toHaveClass(/js-enabled/)
      }
      // The browser reports an error status of the document itself (a 404 or 500 page we asked for)
      // as a console error; anything else is a real error.
      const documentUrl = page.url()
      // A rejected form answers 400 by design (the page with its errors), which the browser
      // also reports.
      const unexpected = consoleErrors.filter((e) =>
        !(expectedStatus >= 400 && e.url === documentUrl && e.text.startsWith('Failed to load resource')) &&
        !e.text.startsWith('Failed to load resource: the server responded with a status of 400'))
      expect(unexpected, 'console errors').toEqual([])
    })
  },

  expectNoAxeViolations: async ({ page, browser, extraHTTPHeaders }, use) => {
    await use(async () => {
      let target = page
      let scratch: Awaited<ReturnType<typeof browser.newContext>> | undefined
      if (jsEnabled()) {
        // A page that hydrates is checked once it is live: while its group's module loads after a
        // full page load, Leptos has briefly taken its <title> (and its view) away.
        await page.waitForFunction(() =>
          (document.documentElement.hasAttribute('data-hydrated') ||
            !document.querySelector('script[src="/assets/js/govuk-init.js"]')) &&
          document.title.trim() !== '')
      } else {
        // axe cannot run in a context with JavaScript disabled: check the same no-JS markup, with
        // its scripts removed, served at the same URL in a JavaScript-enabled context.
        const url = page.url()
        const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '')
        scratch = await browser.newContext({ javaScriptEnabled: true, extraHTTPHeaders })
        target = await scratch.newPage()
        await target.route('**/*', (route) => {
          const request = route.request()
          if (request.url() === url) return route.fulfill({ body: html, contentType: 'text/html' })
          if (/\.(js|wasm)(\?|$)/.test(request.url())) return route.abort()
          return route.continue()
        })
        await target.goto(url)
      }
      const results = await new AxeBuilder({ page: target })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze()
      await scratch?.close()
      const violations = results.violations
        .map((v) => ({
          ...v,
          nodes: v.nodes.filter((n) => !GOVUK_FRONTEND_DECISIONS.some((d) => d.rule === v.id && d.element(n.html)))
        }))
        .filter((v) => v.nodes.length > 0)
      expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
    })
  }
})

export { expect }
