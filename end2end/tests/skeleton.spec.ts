import { test, expect, jsEnabled } from './fixtures'

const SERVICE = 'Digital public services'

test.describe('GOV.UK template and skeleton pages', () => {
  test('landing page lists the services', async ({ page, visit, expectNoAxeViolations }) => {
    await visit('/')
    await expect(page).toHaveTitle(`${SERVICE} – ${SERVICE} – GOV.UK`)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SERVICE)
    await expect(page.getByTestId('services').locator('h3')).toHaveCount(5)
    await expect(page.getByText('Make a lasting power of attorney')).toBeVisible()
    // The template: phase banner, footer links, licence.
    await expect(page.locator('.govuk-phase-banner .govuk-tag')).toHaveText('Beta')
    // The feedback form, told which page it was opened from.
    await expect(page.getByRole('link', { name: 'give your feedback' })).toHaveAttribute('href', '/send-feedback?from=%2F')
    await expect(page.getByRole('link', { name: 'Open Government Licence v3.0' })).toBeVisible()
    await expect(page.getByRole('link', { name: '© Crown copyright' })).toBeVisible()
    // Arial in place of GDS Transport.
    const font = await page.locator('h1').evaluate((el) => getComputedStyle(el).fontFamily)
    expect(font).toMatch(/^arial/i)
    await expectNoAxeViolations()
  })

  test('skip link moves to the main content', async ({ page, visit, baseURL }) => {
    // With a choice made there is no cookie banner, whose buttons would come first.
    await page.context().addCookies([{ name: 'cookies_policy', value: 'analytics:no', url: baseURL! }])
    await visit('/')
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to main content' })
    await expect(skip).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/#main-content$/)
  })

  test('footer links reach the cookies and accessibility pages', async ({ page, visit, expectNoAxeViolations }) => {
    await visit('/')
    await page.getByRole('link', { name: 'Cookies', exact: true }).click()
    await expect(page).toHaveURL(/\/cookies$/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cookies')
    await expect(page).toHaveTitle(`Cookies – ${SERVICE} – GOV.UK`)
    await expectNoAxeViolations()

    await page.getByRole('link', { name: 'Accessibility statement' }).click()
    await expect(page).toHaveURL(/\/accessibility$/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Accessibility statement for ${SERVICE}`)
    await expect(page).toHaveTitle(`Accessibility statement – ${SERVICE} – GOV.UK`)
    await expectNoAxeViolations()
  })

  test('cookies page', async ({ page, visit, expectNoAxeViolations }) => {
    await visit('/cookies')
    await expect(page.getByRole('table')).toContainText('cookies_policy')
    await expectNoAxeViolations()
  })

  test('accessibility statement', async ({ page, visit, expectNoAxeViolations }) => {
    await visit('/accessibility')
    await expect(page.getByRole('heading', { name: 'Compliance status' })).toBeVisible()
    await expectNoAxeViolations()
  })

  test('unknown URL gets the GOV.UK 404 page', async ({ page, visit, expectNoAxeViolations }) => {
    await visit('/this/page/does-not-exist', 404)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found')
    await expect(page).toHaveTitle(`Page not found – ${SERVICE} – GOV.UK`)
    await expectNoAxeViolations()
  })

  test('a failure gets the GOV.UK 500 page with a reference', async ({ page, visit, expectNoAxeViolations }) => {
    await visit('/__dev/fail', 500)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sorry, there is a problem with the service')
    await expect(page.getByTestId('request-id')).toHaveText(/^[0-9a-f-]{36}$/)
    await expect(page.locator('body')).not.toContainText('deliberate')
    await expectNoAxeViolations()
  })

  test('client-side navigation keeps the page live (JS) or loads a new page (no JS)', async ({ page, visit }) => {
    await visit('/cookies')
    await page.getByRole('link', { name: SERVICE }).click()
    await expect(page).toHaveURL(/\/$/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SERVICE)
    if (jsEnabled()) {
      await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true')
    }
  })
})
