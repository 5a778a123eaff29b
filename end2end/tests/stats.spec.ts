// The performance platform in a browser, JavaScript on and off, axe on every page: an admin sends
// a month to be worked out and enters OPG's count for every channel; anyone reads the month on
// /stats, in its table and charts (hydrated, a bar shows its figure on hover), and downloads the
// figures as CSV and JSON. Each project uses a month of its own, long ended, in which nothing
// else in the test run happens, so its figures are known: none, but for the count entered.
import { test, expect, jsEnabled } from './fixtures'
import { newAdmin } from './admin-helpers'

/** A month 24 (JavaScript on) or 25 (off) months before this one: [YYYY-MM, "January 2025", "Jan 2025"]. */
function monthOfThisProject () {
  const now = new Date()
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (jsEnabled() ? 24 : 25), 1))
  const key = `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`
  const long = month.toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })
  const short = `${month.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${month.getUTCFullYear()}`
  return [key, long, short]
}

test('an admin works out a month and anyone reads it on /stats', async ({ page, browser, expectNoAxeViolations }) => {
  test.setTimeout(90_000)
  const [key, long, short] = monthOfThisProject()
  await newAdmin(page, 'stats-admin')
  await page.goto('/admin')
  await page.getByRole('link', { name: 'Monthly figures' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Monthly figures')
  await expectNoAxeViolations()

  await page.getByRole('button', { name: 'Work out again' }).click()
  await expect(page.locator('.govuk-error-summary')).toContainText('Select a month')
  await expectNoAxeViolations()
  await page.getByLabel('Month').selectOption(key)
  await page.getByRole('button', { name: 'Work out again' }).click()
  await expect(page.locator('.govuk-notification-banner--success')).toContainText(`The figures for ${long} will be worked out again in a moment.`)
  // The app's worker works it out: the page lists it once it has.
  await expect(async () => {
    await page.goto('/admin/performance')
    await expect(page.locator('tbody th', { hasText: long })).toHaveCount(1, { timeout: 100 })
  }).toPass({ timeout: 15_000 })

  await page.getByRole('link', { name: 'Enter applications received by any channel' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Applications received by any channel')
  await page.getByLabel('Month').selectOption(key)
  await page.getByLabel('Applications received by any channel').fill('twelve')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.locator('.govuk-error-summary')).toContainText('must be a whole number')
  await expectNoAxeViolations()
  await page.getByLabel('Applications received by any channel').fill('1,200')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.locator('.govuk-notification-banner--success')).toContainText(`The count of applications received by any channel in ${long} is saved.`)
  await expectNoAxeViolations()

  // Public: a visitor who is not signed in is answered.
  const visitor = await browser.newPage()
  expect((await visitor.goto('/stats'))?.status()).toBe(200)
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('LPA statistics')
  await visitor.close()

  const reader = page
  await reader.goto('/stats')
  if (jsEnabled()) await reader.locator('html[data-hydrated]').waitFor()
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText('LPA statistics')
  const row = reader.locator('#monthly-figures + div tbody tr', { has: reader.locator('th', { hasText: long }) })
  // Nothing started, rated or received in the month: measures not known, take-up 0 of 1,200.
  await expect(row.locator('th, td')).toHaveText([long, '0', '0', '0', '0', 'Not known', '0', 'Not known', '0', '1200', '0.0%'])
  await expect(reader.locator('svg.app-chart')).toHaveCount(4)
  const bar = reader.locator(`svg.app-chart rect[data-tip="${short}: 0.0% digital take-up"]`)
  await expect(bar).toHaveCount(1)
  await expect(bar.locator('title')).toHaveText(`${short}: 0.0% digital take-up`)
  if (jsEnabled()) {
    await bar.hover()
    await expect(reader.locator('.app-chart__tooltip text')).toHaveText(`${short}: 0.0% digital take-up`)
  }
  await expect(reader.locator('.app-chart__tooltip')).toHaveCount(jsEnabled() ? 1 : 0)
  await expectNoAxeViolations()

  const csv = await reader.request.get('/stats.csv')
  expect(csv.status()).toBe(200)
  const [headings, ...rows] = (await csv.text()).trim().split('\n').map((line) => line.split(','))
  const ours = rows.find((cells) => cells[0] === key)
  expect(ours, `${key} in the CSV`).toBeDefined()
  expect(ours![headings.indexOf('received_by_any_channel')]).toBe('1200')
  expect(ours![headings.indexOf('digital_take_up_percent')]).toBe('0.0')
  const json = await (await reader.request.get('/stats.json')).json()
  const month = json.months.find((m: { month: string }) => m.month === key)
  expect(month.receivedByAnyChannel).toBe(1200)
  expect(month.completionRate).toBeNull()
})
