// The admin's users pages in a browser, JavaScript on and off, axe on every page: an admin finds
// accounts by part of their email address, unlocks one that five wrong passwords locked (whose
// owner can then sign in), and deletes another (which then cannot be found).
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { FIRST_PASSWORD, signIn, signUpAndConfirm, uniqueEmail } from './account-helpers'
import { newAdmin } from './admin-helpers'

/** Searches `/admin/users` for accounts whose email address contains `part`. */
async function findByEmail (page: Page, part: string) {
  await page.goto('/admin/users')
  await page.getByLabel('Email address, or part of it').check()
  await page.getByLabel('Search for').fill(part)
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page).toHaveURL(/\/admin\/users\?email=/)
}

/** The value of the summary list's row `key` on the account's page. */
function row (page: Page, key: string) {
  return page.locator('.govuk-summary-list__row').filter({ has: page.locator('dt', { hasText: key }) }).locator('dd')
}

test('an admin finds accounts by part of their email address, unlocks one and deletes another', async ({ page, browser, extraHTTPHeaders, expectNoAxeViolations }) => {
  // Three accounts made, five failed sign-ins and axe on each page: long under a full run's load.
  test.setTimeout(120_000)
  // Two citizens, in a browser of their own (with this test's client address, for the limits).
  const citizens = await browser.newContext({ extraHTTPHeaders })
  const citizen = await citizens.newPage()
  const locked = uniqueEmail('admin-unlocks')
  const leaving = uniqueEmail('admin-deletes')
  await signUpAndConfirm(citizen, locked)
  await signUpAndConfirm(citizen, leaving)
  for (let attempt = 0; attempt < 5; attempt++) {
    await citizen.goto('/login')
    await signIn(citizen, locked, 'Wrong password 1')
    await expect(citizen.locator('.govuk-error-summary')).toBeVisible()
  }

  await newAdmin(page, 'users-admin')
  await page.goto('/admin')
  await page.getByRole('link', { name: 'Users', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Find a user')
  await expectNoAxeViolations()

  // Nothing typed: the error summary and the inline error.
  await page.getByLabel('Search for').fill('')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter an email address, or part of one')
  await expectNoAxeViolations()

  // Part of the address, in capitals: found all the same.
  const part = locked.split('@')[0].toUpperCase()
  await findByEmail(page, part)
  await expect(page.getByRole('status')).toHaveText(`1 account has “${part}” in its email address.`)
  await expectNoAxeViolations()
  await page.getByRole('link', { name: locked }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(locked)
  await expect(row(page, 'Locked')).toHaveText(/^Yes, until /)
  await expect(row(page, 'Failed sign-in attempts')).toHaveText('5')
  await expectNoAxeViolations()

  await page.getByRole('link', { name: 'Unlock this account' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Are you sure you want to unlock this account?')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Unlock account' }).click()
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('The account has been unlocked')
  await expect(row(page, 'Locked')).toHaveText('No')
  await expectNoAxeViolations()
  await citizen.goto('/login')
  await signIn(citizen, locked, FIRST_PASSWORD)
  await expect(citizen).toHaveURL(/\/user\/about-you\/new$/)

  // The other account, deleted: it is not found any more.
  await findByEmail(page, leaving.split('@')[0])
  await page.getByRole('link', { name: leaving }).click()
  await page.getByRole('link', { name: 'Delete this account' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Are you sure you want to delete this account?')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Delete account' }).click()
  await expect(page).toHaveURL(/\/admin\/users\?done=deleted$/)
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('The account has been deleted')
  await expectNoAxeViolations()
  await findByEmail(page, leaving.split('@')[0])
  await expect(page.getByRole('status')).toContainText('No accounts have')

  // The audit log says who did both.
  await page.goto('/admin/audit?action=admin.user.unlock')
  await expect(page.locator('table')).toContainText('Unlocked an account')
  await citizens.close()
})

test('an admin sees the job queue', async ({ page, expectNoAxeViolations }) => {
  await newAdmin(page, 'jobs-admin')
  await page.goto('/admin')
  await page.getByRole('link', { name: 'Jobs', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Jobs')
  await expect(page.getByRole('heading', { name: 'Dead', exact: true })).toBeVisible()
  await expectNoAxeViolations()
})
