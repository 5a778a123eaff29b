// The system message across instances: an admin on one instance of the app previews, sets and
// removes it, and a visitor on another instance (the same PostgreSQL, Redis and RabbitMQ, as in
// production) sees it on every page within 2 seconds, and sees it go. These instances are the
// `instances` projects' (playwright.config.ts), run with JavaScript on and then off.
import { test, expect } from './fixtures'
import type { Page } from '@playwright/test'
import { newAdmin } from './admin-helpers'

const [, otherInstance] = process.env.E2E_INSTANCE_URLS!.split(' ')

/** Loads `path` on the other instance until `check` passes, for at most 2 seconds. */
async function withinTwoSeconds (visitor: Page, path: string, check: () => Promise<void>) {
  await expect(async () => {
    await visitor.goto(otherInstance + path)
    await check()
  }).toPass({ timeout: 2_000, intervals: [100] })
}

test('an admin sets the system message every instance shows, then removes it', async ({ page, browser, expectNoAxeViolations }) => {
  await newAdmin(page, 'message-admin', process.env.E2E_INSTANCES_DATABASE_URL)
  await page.goto('/admin')
  await expectNoAxeViolations()
  await page.getByRole('link', { name: 'System message' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('System message')
  await expectNoAxeViolations()

  const message = `Planned maintenance on Sunday from 8am to 10am (${test.info().project.name}).`
  await page.getByLabel('Message').fill(message)
  await page.getByRole('button', { name: 'Preview' }).click()
  await expect(page.locator('.govuk-notification-banner:has(#system-message-preview-title) .govuk-notification-banner__content')).toHaveText(message)
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Save message' }).click()
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('The system message is now shown on every page.')

  // A visitor on the other instance sees it on every page.
  const visitor = await browser.newPage()
  const banner = visitor.locator('.govuk-notification-banner__content')
  await withinTwoSeconds(visitor, '/', () => expect(banner).toHaveText(message, { timeout: 100 }))
  await visitor.goto(otherInstance + '/cookies')
  await expect(banner).toHaveText(message)

  await page.goto('/admin/system-message')
  await page.getByRole('button', { name: 'Remove message' }).click()
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('The system message has been removed.')
  await withinTwoSeconds(visitor, '/', () => expect(visitor.locator('.govuk-notification-banner')).toHaveCount(0, { timeout: 100 }))
  await visitor.close()

  await page.goto('/admin/audit')
  await expect(page.locator('table')).toContainText('Set the system message')
  await expect(page.locator('table')).toContainText('Removed the system message')
  await expectNoAxeViolations()
})
