// The system message in a browser: an admin previews, sets and removes it, and another visitor
// sees it on every page. Every page shows it, so this file runs on its own after the other tests
// (the `alone` project in playwright.config.ts), with JavaScript on and then off.
import { test, expect } from './fixtures'
import { newAdmin } from './admin-helpers'

test('an admin sets the system message every page shows, then removes it', async ({ page, browser, expectNoAxeViolations }) => {
  await newAdmin(page, 'message-admin')
  await page.goto('/admin')
  await expectNoAxeViolations()
  await page.getByRole('link', { name: 'System message' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('System message')
  await expectNoAxeViolations()

  const message = 'Planned maintenance on Sunday from 8am to 10am.'
  await page.getByLabel('Message').fill(message)
  await page.getByRole('button', { name: 'Preview' }).click()
  await expect(page.locator('.govuk-notification-banner:has(#system-message-preview-title) .govuk-notification-banner__content')).toHaveText(message)
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Save message' }).click()
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('The system message is now shown on every page.')

  // Another visitor sees it on every page.
  const visitor = await browser.newPage()
  await visitor.goto('/')
  await expect(visitor.locator('.govuk-notification-banner__content')).toHaveText(message)
  await visitor.goto('/cookies')
  await expect(visitor.locator('.govuk-notification-banner__content')).toHaveText(message)

  await page.goto('/admin/system-message')
  await page.getByRole('button', { name: 'Remove message' }).click()
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('The system message has been removed.')
  await visitor.goto('/')
  await expect(visitor.locator('.govuk-notification-banner')).toHaveCount(0)
  await visitor.close()

  await page.goto('/admin/audit')
  await expect(page.locator('table')).toContainText('Set the system message')
  await expect(page.locator('table')).toContainText('Removed the system message')
  await expectNoAxeViolations()
})

