import { test, expect, jsEnabled } from './fixtures'
import type { Page } from '@playwright/test'

const SERVICE = 'Digital public services'

/** Marks the current document, to tell a page updated in place from a full reload. */
async function markDocument (page: Page) {
  await page.evaluate(() => { (window as unknown as { sameDocument: boolean }).sameDocument = true })
}

async function isSameDocument (page: Page) {
  return page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true)
}

test.describe('the form pattern', () => {
  test('cookies form: error summary, then saved with a success banner', async ({ page, visit, expectNoAxeViolations }) => {
    await visit('/cookies')
    if (jsEnabled()) await markDocument(page)
    await page.getByRole('button', { name: 'Save cookie settings' }).click()

    const summary = page.locator('.govuk-error-summary')
    await expect(summary).toBeVisible()
    await expect(page).toHaveTitle(`Error: Cookies – ${SERVICE} – GOV.UK`)
    await expect(summary.getByRole('link')).toHaveText(['Select yes if you want to accept analytics cookies'])
    await expect(page.locator('#analytics-error')).toContainText('Select yes if you want to accept analytics cookies')
    await expectNoAxeViolations()
    if (jsEnabled()) {
      expect(await isSameDocument(page), 'errors shown without a reload').toBe(true)
      await expect(summary).toBeFocused()
      await summary.getByRole('link').click()
      await expect(page.locator('#analytics')).toBeFocused()
    }

    await page.getByLabel('Yes').check()
    await page.getByRole('button', { name: 'Save cookie settings' }).click()
    await expect(page).toHaveURL(/\/cookies\?saved=true$/)
    await expect(page.locator('.govuk-notification-banner--success')).toContainText('You’ve set your cookie preferences.')
    await expect(page).toHaveTitle(`Cookies – ${SERVICE} – GOV.UK`)
    await expect(summary).toHaveCount(0)
    await expect(page.getByLabel('Yes')).toBeChecked()
    if (jsEnabled()) expect(await isSameDocument(page), 'saved without a reload').toBe(true)
    await expectNoAxeViolations()
    const cookies = await page.context().cookies()
    expect(cookies.find((c) => c.name === 'cookies_policy')?.value).toBe('analytics:yes')
  })

  test('cookie banner: accept, confirmation, hide', async ({ page, visit, expectNoAxeViolations }) => {
    await visit('/accessibility')
    const banner = page.locator('.govuk-cookie-banner')
    await expect(banner).toContainText(`Cookies on ${SERVICE}`)
    await expectNoAxeViolations()
    if (jsEnabled()) await markDocument(page)

    await banner.getByRole('button', { name: 'Accept analytics cookies' }).click()
    await expect(banner).toContainText('You’ve accepted analytics cookies.')
    await expect(page).toHaveURL(/\/accessibility$/)
    if (jsEnabled()) expect(await isSameDocument(page), 'banner changed in place').toBe(true)
    await expectNoAxeViolations()
    const cookies = await page.context().cookies()
    expect(cookies.find((c) => c.name === 'cookies_policy')?.value).toBe('analytics:yes')

    await banner.getByRole('button', { name: 'Hide cookie message' }).click()
    await expect(banner).toHaveCount(0)
    await page.reload()
    await expect(page.locator('.govuk-cookie-banner')).toHaveCount(0)
  })

  test('cookie banner: reject', async ({ page, visit }) => {
    await visit('/')
    await page.getByRole('button', { name: 'Reject analytics cookies' }).click()
    await expect(page.locator('.govuk-cookie-banner')).toContainText('You’ve rejected analytics cookies.')
    const cookies = await page.context().cookies()
    expect(cookies.find((c) => c.name === 'cookies_policy')?.value).toBe('analytics:no')
  })
})

test.describe('design system gallery', () => {
  test.beforeEach(async ({ page, baseURL }) => {
    // The banner is tested above; here it would only add to every page.
    await page.context().addCookies([{ name: 'cookies_policy', value: 'analytics:no', url: baseURL! }])
  })

  test('renders every component accessibly', async ({ page, visit, expectNoAxeViolations }) => {
    await visit('/design-system')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Design system')
    for (const component of ['accordion', 'breadcrumbs', 'details', 'inset-text', 'panel', 'summary-list', 'table',
      'tabs', 'tag', 'task-list', 'warning-text', 'pagination', 'notification-banner', 'back-link']) {
      await expect(page.locator(`.govuk-${component}`).first(), component).toBeAttached()
    }
    await expectNoAxeViolations()
  })

  test('demo form: every error state, values kept, summary links focus fields', async ({ page, visit, expectNoAxeViolations }) => {
    await visit('/design-system')
    await page.getByLabel('Full name').fill('Ada <b>Lovelace</b>')
    await page.getByLabel('Email address').fill('ada-at-example')
    await page.getByRole('textbox', { name: 'Day', exact: true }).fill('31')
    await page.getByRole('textbox', { name: 'Month', exact: true }).fill('2')
    await page.getByRole('textbox', { name: 'Year', exact: true }).fill('2000')
    await page.getByLabel('Open data').check()
    await page.getByRole('button', { name: 'Send' }).click()

    // The form's summary comes first; the gallery shows another, static, further down.
    const summary = page.locator('.govuk-error-summary').first()
    await expect(summary).toBeVisible()
    await expect(page).toHaveTitle(`Error: Design system – ${SERVICE} – GOV.UK`)
    const links = summary.getByRole('link')
    await expect(links).toHaveText([
      'Enter an email address in the correct format, like name@example.com',
      'Enter a description',
      'Date of birth must be a real date',
      'Select how you would like to be contacted',
      'Select the country where you live',
      'Password must be 8 characters or more',
      'Select a file',
      'Confirm that the information is correct'
    ])
    await expect(page.locator('form .govuk-error-message')).toHaveCount(8)
    // What was typed survives, escaped, with JavaScript or without.
    await expect(page.getByLabel('Full name')).toHaveValue('Ada <b>Lovelace</b>')
    await expect(page.getByLabel('Email address')).toHaveValue('ada-at-example')
    await expect(page.getByRole('textbox', { name: 'Day', exact: true })).toHaveValue('31')
    await expect(page.getByRole('textbox', { name: 'Year', exact: true })).toHaveValue('2000')
    await expect(page.getByLabel('Open data')).toBeChecked()
    await expectNoAxeViolations()

    if (jsEnabled()) {
      await expect(summary).toBeFocused()
      for (const [text, field] of [
        ['Enter a description', '#description'],
        ['Date of birth must be a real date', '#dob-day'],
        ['Select how you would like to be contacted', '#contact'],
        ['Select the country where you live', '#country']
      ]) {
        await summary.getByRole('link', { name: text }).click()
        await expect(page.locator(field), field).toBeFocused()
      }
    }
  })
})
