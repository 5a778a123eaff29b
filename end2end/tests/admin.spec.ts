// The feedback form and the admin pages in a browser, JavaScript on and off, axe on every page:
// a visitor sends feedback from the page they were on and is sent back to it; an admin reads the
// feedback and downloads it as CSV (parsed here); a citizen and a visitor are refused every admin
// page. The system message, which every page shows, is system-message.spec.ts, run alone.
import { test, expect, jsEnabled } from './fixtures'
import { newCitizen } from './account-helpers'
import { newAdmin } from './admin-helpers'

test('a visitor sends feedback from the page they were on', async ({ page, expectNoAxeViolations }) => {
  await page.goto('/accessibility')
  const link = page.locator('.govuk-phase-banner').getByRole('link', { name: 'give your feedback' })
  await expect(link).toHaveAttribute('href', '/send-feedback?from=%2Faccessibility')
  await page.goto((await link.getAttribute('href'))!)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Send us feedback')
  await expectNoAxeViolations()

  await page.getByRole('button', { name: 'Send feedback' }).click()
  await expect(page.locator('.govuk-error-summary')).toContainText('Select how satisfied you were with this service')
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter your feedback')
  await expectNoAxeViolations()

  await page.getByLabel('Very satisfied').check()
  await page.getByLabel('How could we improve this service?').fill(`Browser test feedback, ${jsEnabled() ? 'js' : 'nojs'}`)
  await page.getByLabel('Email address (optional)').fill('not an email')
  await page.getByRole('button', { name: 'Send feedback' }).click()
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter an email address in the correct format')
  await page.getByLabel('Email address (optional)').fill('')
  await page.getByRole('button', { name: 'Send feedback' }).click()

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your feedback')
  await expectNoAxeViolations()
  await page.getByRole('link', { name: 'Return to the page you were on' }).click()
  await expect(page).toHaveURL(/\/accessibility$/)
})

test('an admin reads feedback and downloads it as CSV', async ({ page, expectNoAxeViolations }) => {
  const details = `=1+1 feedback to download, ${jsEnabled() ? 'js' : 'nojs'} ${Date.now()}`
  await page.goto('/send-feedback')
  await page.getByLabel('Dissatisfied', { exact: true }).check()
  await page.getByLabel('How could we improve this service?').fill(details)
  await page.getByRole('button', { name: 'Send feedback' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your feedback')

  await newAdmin(page, 'feedback-admin')
  await page.goto('/admin/feedback')
  await expect(page.locator('table')).toContainText(details)
  await expectNoAxeViolations()

  // The link downloads the file: fetched here with the admin's session, as the browser would.
  const link = page.getByRole('link', { name: 'Download this feedback (CSV)' })
  await expect(link).toHaveAttribute('download', '')
  const response = await page.request.get((await link.getAttribute('href'))!)
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8')
  expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="FeedbackExport_\d{4}-\d{2}-\d{2}_\d{2}\.\d{2}\.\d{2}\.csv"$/)
  const csv = await response.text()
  const rows = parseCsv(csv)
  expect(rows[0]).toEqual(['Received', 'From', 'Phone number', 'Rating', 'Details', 'Page', 'Browser'])
  const ours = rows.find((row) => row[4] === `'${details}`)
  expect(ours, 'the formula is made text').toBeDefined()
  expect(ours![3]).toBe('Dissatisfied')
  expect(ours![5]).toBe('Unknown')
})

test('a citizen and a visitor are refused every admin page', async ({ page, browser }) => {
  // Thirty page loads and a new account: about 16 s here, room for a slower machine.
  test.setTimeout(90_000)
  const someone = `/admin/users/${'0'.repeat(32)}`
  const adminPages = ['/admin', '/admin/system-message', '/admin/feedback', '/admin/audit', '/admin/outbox',
    '/admin/feedback/export?start=2026-01-01&end=2026-01-31', '/admin/users', '/admin/users?email=a', someone,
    `${someone}/activate`, `${someone}/unlock`, `${someone}/delete`, '/admin/jobs', '/admin/performance',
    '/admin/performance/all-channels']
  const visitor = await browser.newPage()
  for (const path of adminPages) {
    await visitor.goto(path)
    await expect(visitor, path).toHaveURL(/\/login/)
  }
  await visitor.close()
  await newCitizen(page, 'not-admin')
  for (const path of adminPages) {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(403)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('You do not have permission to see this page')
  }
})

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv (text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++ } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') { row.push(field); field = '' } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = '' } else if (c !== '\r') field += c
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row) }
  return rows
}
