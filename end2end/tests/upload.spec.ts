// The data store's upload pages (other-systems B.3) in a browser, JavaScript on and off, axe on
// every page: data store staff add a dataset, upload a CSV file with a bad row and see its error,
// upload it fixed, change a column's type, process it and watch its progress, upload a second
// version, then restore the first; the API, signed with HAWK by @hapi/hawk as a client would,
// then answers the first version's rows with the type chosen.
import { execFileSync } from 'node:child_process'
import Hawk from '@hapi/hawk'
import type { Page } from '@playwright/test'
import { test, expect, jsEnabled } from './fixtures'
import { newDataStaff } from './admin-helpers'

const FIRST = 'country,amount,member\nFrance,1.50,yes\nPeru,2.25,no\n'
const SECOND = 'country,amount,member\nSpain,3,yes\n'

async function upload (page: Page, name: string, csv: string) {
  await page.getByLabel('CSV File').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Upload' }).click()
}

/** Waits on the progress page until processing ends: polled with JavaScript, refreshed without. */
async function processed (page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Data now being processed by e2e\.\w+ pipeline$/)
  await expect(page.getByTestId('progress-info')).toHaveText('Data successfully processed', { timeout: 30_000 })
  await expect(page.getByTestId('where-the-data-is')).toContainText('table “L0” under schema “e2e.')
}

test('staff upload a CSV file, fix a bad row, choose a type, process it and restore an older version', async ({ page, expectNoAxeViolations }) => {
  // About 45 s without JavaScript here (three loads, axe on each page): room for a slower machine.
  test.setTimeout(180_000)
  const dataset = `rates_${jsEnabled() ? 'js' : 'nojs'}_${Date.now() % 1_000_000}`
  const schema = `e2e.${dataset}`
  await newDataStaff(page, 'data-staff')

  await page.goto('/upload')
  await expectNoAxeViolations()
  // The sources page (none are configured here).
  await page.getByRole('link', { name: 'Sources pulled from other services' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sources')
  await expect(page.locator('main')).toContainText('No sources are configured.')
  await expectNoAxeViolations()
  await page.getByRole('link', { name: 'Back to upload data' }).click()
  await expect(page).toHaveURL(/\/upload$/)
  await page.getByRole('link', { name: 'Add new dataset' }).click()
  await expect(page).toHaveURL(/\/upload\/create$/)
  await page.getByLabel('Organisation').fill('e2e')
  await page.getByLabel('Dataset').fill(dataset)
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Create dataset' }).click()
  await expect(page.locator('.govuk-panel')).toContainText('Dataset pipeline created')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Upload data' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Upload data to ${schema}`)
  await expectNoAxeViolations()
  const datasetPage = page.url()

  // No file: the real service's message, at the field.
  await page.getByRole('button', { name: 'Upload' }).click()
  await expect(page.locator('.govuk-error-summary')).toContainText('Select a CSV data file to upload')
  await expect(page.locator('#csv_file-error')).toContainText('Select a CSV data file to upload')
  await expectNoAxeViolations()

  // A row with a value too many: its row and line.
  await upload(page, 'rates.csv', 'country,amount,member\nFrance,1.50,yes\nPeru,2.25,no,extra\n')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The file could not be processed')
  await expect(page.getByTestId('csv-problem')).toHaveText('Unable to process CSV file: row 2 (line 3) has 4 values, but the headers name 3 columns.')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Try again' }).click()
  await expect(page).toHaveURL(datasetPage)

  // Fixed: the preview, amount inferred numeric and kept as text instead.
  await upload(page, 'rates.csv', FIRST)
  await expect(page.locator('.govuk-panel')).toContainText('Data successfully uploaded')
  const amountType = page.getByLabel('Data type of amount')
  await expect(amountType).toHaveValue('numeric')
  await expect(page.getByLabel('Data type of member')).toHaveValue('boolean')
  await expectNoAxeViolations()
  await amountType.selectOption('text')
  await page.getByLabel('Yes and start processing').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await processed(page)
  await expectNoAxeViolations()

  // A second version becomes the latest; the first may be restored.
  await page.goto(datasetPage)
  await upload(page, 'rates-2.csv', SECOND)
  await expect(page.locator('.govuk-panel')).toContainText('Data successfully uploaded')
  await page.getByLabel('Yes and start processing').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await processed(page)
  await page.goto(datasetPage)
  const rows = page.locator('table tbody tr')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0)).toContainText('Latest')
  await expectNoAxeViolations()
  await rows.nth(1).getByRole('link', { name: /Restore/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Are you sure you want to restore this version of the data')
  await expect(page.locator('main')).toContainText('rates.csv will be processed again')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Restore' }).click()
  await processed(page)
  await page.goto(datasetPage)
  await expect(rows.nth(1)).toContainText('Latest')

  // The API answers the restored version's rows, amount as the text chosen.
  const key = execFileSync(process.env.SERVER_BIN!, ['hawk-client', 'create', '--id', `e2e-${dataset}`, '--scope', 'get_table_data'], {
    env: { ...process.env, APP_ENVIRONMENT: 'test', DATABASE_URL: process.env.E2E_DATABASE_URL!, RUST_LOG: 'error' },
    encoding: 'utf8'
  }).trim()
  const url = new URL(`/api/v1/table-data/${schema}/L0?orientation=records`, page.url()).toString()
  const { header } = Hawk.client.header(url, 'GET', {
    credentials: { id: `e2e-${dataset}`, key, algorithm: 'sha256' },
    payload: '',
    contentType: ''
  })
  const response = await page.request.get(url, { headers: { Authorization: header } })
  expect(response.status(), await response.text()).toBe(200)
  expect(await response.json()).toEqual({
    results: [
      { id: 1, country: 'France', amount: '1.50', member: true },
      { id: 2, country: 'Peru', amount: '2.25', member: false }
    ],
    next: null
  })
})
