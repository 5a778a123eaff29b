// Transferring records (other-systems C) in a browser, JavaScript on and off, axe on every page:
// a body's member uploads a folder with one EICAR file and clean files, watches the checks, sees
// the per-file results, starts again without the bad file, confirms, and finds the transfer
// exported.
import { createHash } from 'node:crypto'
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { test, expect, jsEnabled } from './fixtures'
import { newAdmin, newTransferMember } from './admin-helpers'

/** The EICAR test file: every antivirus scanner reports it, and it harms nothing. */
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
const PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'

/** A folder `name` holding `files` (path within it → contents), on disk. */
function folder (name: string, files: Record<string, string>) {
  const root = join(mkdtempSync(join(tmpdir(), 'transfer-')), name)
  for (const [path, contents] of Object.entries(files)) {
    const file = join(root, path)
    mkdirSync(join(file, '..'), { recursive: true })
    writeFileSync(file, contents)
  }
  return root
}

/**
 * Clicks `button` until `taken` passes. Used to send a form again just after it was refused:
 * with JavaScript, GOV.UK Frontend ignores a button's second click within a second of the first
 * (`data-prevent-double-click`), which also keeps these clicks from sending it twice.
 */
async function clickUntil (button: Locator, taken: () => Promise<void>) {
  await expect(async () => {
    if (await button.isVisible()) await button.click()
    await taken()
  }).toPass({ timeout: 20_000 })
}

/** From the homepage through the series and the agreement to the upload page. */
async function startTransfer (page: Page, body: string, expectNoAxeViolations: () => Promise<void>) {
  await page.goto('/transfer')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to the Transfer Digital Records service')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Start transfer' }).click()
  await expect(page).toHaveURL(/\/transfer\/consignment\/[0-9a-f-]{36}\/series$/)
  await expect(page.locator('.govuk-details__text')).toHaveText(/TDR-\d{4}-[A-Z0-9]+/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a series reference')
  await expectNoAxeViolations()
  // Nothing chosen: TDR's message at the field.
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.locator('.govuk-error-summary')).toContainText('Select a series reference')
  await page.getByLabel('Choose a series reference').selectOption({ label: `${body} 1` })
  await clickUntil(page.getByRole('button', { name: 'Continue' }), async () =>
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfer agreement (part 1)', { timeout: 1_500 }))
  await expectNoAxeViolations()
  await page.getByLabel('Public Record(s)', { exact: true }).check()
  await page.getByRole('button', { name: 'Agree and continue' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfer agreement (part 2)')
  await expectNoAxeViolations()
  await page.getByLabel('The appraisal and selection decision').check()
  await page.getByLabel('The sensitivity review').check()
  await page.getByRole('button', { name: 'Agree and continue' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Upload your records')
  await expectNoAxeViolations()
}

/**
 * Uploads `root` and waits on the checking page until the checks are over. With JavaScript the
 * browser hashes and sends the files itself (the form is not posted) and the checking page is
 * told of each finding over its websocket: the document is never reloaded from choosing the
 * folder to the checks' end.
 */
async function uploadAndCheck (page: Page, root: string, expectNoAxeViolations: () => Promise<void>) {
  await page.getByLabel('Select a folder to upload').setInputFiles(root)
  if (jsEnabled()) {
    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true })
  }
  await page.getByRole('button', { name: 'Start upload' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checking your records')
  await expectNoAxeViolations()
  await expect(page.locator('.govuk-notification-banner')).toContainText('Your records have been checked', { timeout: 60_000 })
  if (jsEnabled()) {
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
  }
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Continue' }).click()
}

test('a member uploads a folder, sees an infected file refused, starts again without it and transfers', async ({ page, expectNoAxeViolations }) => {
  test.setTimeout(240_000)
  const body = await newTransferMember(page, 'transfer')

  await startTransfer(page, body, expectNoAxeViolations)
  await uploadAndCheck(page, folder('Minutes', {
    'eicar.txt': EICAR,
    'january.pdf': PDF,
    '2019/budget.csv': 'item,cost\nchairs,120\n'
  }), expectNoAxeViolations)
  // The folder's name is the browser's to send (a folder picked whole, or files one by one).
  await expect(page.locator('.govuk-notification-banner')).toContainText(/Your folder ‘.+’ has records that could not be uploaded/)
  await expect(page.getByTestId('failed-files')).toContainText('eicar.txt')
  await expect(page.getByTestId('failed-files')).toContainText('A virus was found in this file')
  await expect(page.getByTestId('failed-files')).not.toContainText('january.pdf')
  await expect(page.getByRole('link', { name: 'Download error report (Excel)' })).toBeVisible()
  await expectNoAxeViolations()
  // This transfer cannot go on.
  const confirm = page.url().replace(/file-checks-results$/, 'confirm-transfer')
  await page.goto(confirm)
  await expect(page).toHaveURL(/file-checks-results$/)

  await page.getByRole('button', { name: 'Start a new transfer' }).click()
  await startTransfer(page, body, expectNoAxeViolations)
  await uploadAndCheck(page, folder('Minutes', {
    'january.pdf': PDF,
    '2019/budget.csv': 'item,cost\nchairs,120\n'
  }), expectNoAxeViolations)
  await expect(page.locator('.govuk-notification-banner')).toContainText(/Your folder ‘.+’ containing 2 records has been uploaded/)
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm transfer')
  await expect(page.locator('.govuk-summary-list')).toContainText('2 files uploaded')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Transfer your records' }).click()
  await expect(page.locator('.govuk-error-summary')).toContainText('Transferral of custody of all records must be confirmed before proceeding')
  await page.getByLabel(/By proceeding with this transfer/).check()
  await clickUntil(page.getByRole('button', { name: 'Transfer your records' }), async () =>
    await expect(page.locator('.govuk-panel__title')).toHaveText('Transfer complete', { timeout: 1_500 }))
  const reference = await page.getByTestId('consignment-reference').textContent()
  await expectNoAxeViolations()

  // The export: the transfer is listed as transferred once its bag is made.
  await expect(async () => {
    await page.goto('/transfer/view-transfers')
    await expect(page.locator('tbody tr', { hasText: reference! })).toContainText('Transferred', { timeout: 1_000 })
  }).toPass({ timeout: 60_000 })
  await expectNoAxeViolations()

  // An admin finds the bag among every body's transfers and downloads it.
  await page.context().clearCookies()
  await newAdmin(page, 'transfer-admin')
  await page.goto('/transfer/view-transfers')
  await expectNoAxeViolations()
  const row = page.locator('tbody tr', { hasText: reference! })
  await expect(row).toContainText('Transferred')
  const [bag] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: `Download records ${reference}` }).click()
  ])
  expect(bag.suggestedFilename()).toBe(`${reference}.tar.gz`)
  const bytes = readFileSync(await bag.path())
  // A gzip stream, holding the bag's folder named after the reference.
  expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]))
  const [checksum] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: `checksum of ${reference}` }).click()
  ])
  expect(readFileSync(await checksum.path(), 'utf8'))
    .toBe(`${createHash('sha256').update(bytes).digest('hex')}  ${reference}.tar.gz\n`)
})

test('with JavaScript, files dropped on the upload form are uploaded and checked', async ({ page, expectNoAxeViolations }) => {
  test.skip(!jsEnabled(), 'dropping needs the page\'s script')
  test.setTimeout(120_000)
  const body = await newTransferMember(page, 'transfer-drop')
  await startTransfer(page, body, expectNoAxeViolations)
  const zone = page.getByTestId('drop-zone')
  await expect(zone).toContainText('Or drag and drop the folder here.')
  // Dropped files, as the browser hands them to the page (a script's DataTransfer has no folders).
  const dropped = await page.evaluateHandle(({ pdf }) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([pdf], 'january.pdf', { type: 'application/pdf' }))
    transfer.items.add(new File(['item,cost\nchairs,120\n'], 'budget.csv', { type: 'text/csv' }))
    return transfer
  }, { pdf: PDF })
  await zone.dispatchEvent('dragover', { dataTransfer: dropped })
  await expect(zone).toHaveClass(/app-drop-zone--dragging/)
  await zone.dispatchEvent('drop', { dataTransfer: dropped })
  await expect(zone).not.toHaveClass(/app-drop-zone--dragging/)
  await expect(page.getByTestId('dropped-folder')).toHaveText('2 files selected')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Start upload' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checking your records')
  await expect(page.locator('.govuk-notification-banner')).toContainText('Your records have been checked', { timeout: 60_000 })
  await page.getByRole('button', { name: 'Continue' }).click()
  // Files dropped one by one go in a folder named after the consignment, as chosen ones do.
  await expect(page.locator('.govuk-notification-banner')).toContainText(/Your folder ‘TDR-\d{4}-[A-Z0-9]+’ containing 2 records has been uploaded/)
  await expectNoAxeViolations()
})
