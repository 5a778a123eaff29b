// The paper forms in a browser, with JavaScript on and off, axe on their pages: the draft LP1
// from the summary, then, once the LPA is completed, the LP1F, the LPA120 and the LP3 from "Last
// steps", each downloaded under its own name. The page waits for the form's job: without
// JavaScript it reloads itself every 2 seconds; with it, the LPA's websocket says when, and the
// page changes in place.
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { test, expect, jsEnabled } from './fixtures'
import { checker, upToCheckout } from './lpa-helpers'

/** On a form's page: waits for it to be ready, checks both states with axe, downloads the file. */
async function download (page: Page, axe: () => Promise<void>, fileName: string) {
  const heading = page.getByRole('heading', { level: 1 })
  await expect(heading).toHaveText(/^Your document is (being prepared|ready)$/)
  await axe()
  if (jsEnabled()) {
    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true })
  }
  await expect(heading).toHaveText('Your document is ready', { timeout: 20_000 })
  await expect(page.getByTestId('download-status')).toContainText('is ready to download')
  if (jsEnabled()) {
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
  }
  await axe()
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: `Download ${fileName} (PDF)` }).click()
  ])
  expect(file.suggestedFilename()).toBe(fileName)
  const bytes = readFileSync(await file.path())
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
  expect(bytes.length).toBeGreaterThan(10_000)
}

test('each paper form is prepared, then downloaded', async ({ page, expectNoAxeViolations }) => {
  test.setTimeout(240_000)
  const check = checker(page, expectNoAxeViolations)
  const base = await upToCheckout(page, check, expectNoAxeViolations, 'forms', {
    type: 'Property and financial affairs',
    reduction: 'The donor currently has an income of less than £12,000 a year before tax',
    notify: true
  })

  // The draft, from the summary.
  await page.goto(`${base}/summary`)
  await page.getByRole('link', { name: 'Download a draft of the LPA to check (PDF)' }).click()
  await expect(page).toHaveURL(new RegExp(`${base}/download/lp1/draft$`))
  await download(page, expectNoAxeViolations, 'Draft-Lasting-Power-of-Attorney-LP1F.pdf')
  await page.getByRole('link', { name: 'Return to check your answers' }).click()
  await expect(page).toHaveURL(new RegExp(`${base}/summary$`))

  // Completed: the final forms, from "Last steps" and back from each to the documents.
  await page.goto(`${base}/checkout`)
  await page.getByRole('button', { name: 'Confirm and pay by cheque' }).click()
  await check('complete')
  const forms: [string, string, string][] = [
    ['Lasting power of attorney (LP1F)', 'lp1', 'Lasting-Power-of-Attorney-LP1F.pdf'],
    ['Fee remissions and exemptions form (LPA120)', 'lpa120', 'Lasting-Power-of-Attorney-LPA120.pdf'],
    ['Notice to people to notify (LP3)', 'lp3', 'Lasting-Power-of-Attorney-LP3.pdf']
  ]
  for (const [link, segment, fileName] of forms) {
    await page.getByRole('link', { name: link }).click()
    await expect(page).toHaveURL(new RegExp(`${base}/download/${segment}$`))
    await download(page, expectNoAxeViolations, fileName)
    await page.getByRole('link', { name: 'Return to your LPA’s documents' }).click()
    await check('view-docs')
  }
})
