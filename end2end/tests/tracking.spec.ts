// Where is my LPA, in a browser with JavaScript on and off, axe on each page: a completed LPA
// through each status the fake Sirius gateway is told (Waiting, Received, Checking, Processed),
// on its status page (which asks the gateway when opened) and on the dashboard; with JavaScript,
// a change found elsewhere appears on an open dashboard without a reload (the fan-out and the
// dashboard's websocket).
import type { Page } from '@playwright/test'
import { test, expect, jsEnabled } from './fixtures'
import { checker, upToCheckout } from './lpa-helpers'

/** Tells the fake gateway what to answer about LPA `id` from now on. */
async function gatewayAnswers (id: string, answers: object[]) {
  const reference = `A${id.padStart(11, '0')}`
  const response = await fetch(`${process.env.E2E_SIRIUS_URL}/__control/lpas/${reference}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answers)
  })
  expect(response.ok).toBe(true)
}

/** A new citizen's LPA, completed (paid by cheque); its id. */
async function completedLpa (page: Page, axe: () => Promise<void>, name: string) {
  const check = checker(page, axe)
  const base = await upToCheckout(page, check, axe, name, {
    type: 'Property and financial affairs',
    reduction: 'The donor is not applying for a reduced fee'
  })
  await page.getByRole('button', { name: 'Confirm and pay by cheque' }).click()
  await check('complete')
  return base.replace('/lpa/', '')
}

const statuses: [string, object, string][] = [
  ['Waiting', { status: 404 }, 'We’re waiting to confirm receipt of this LPA'],
  ['Received', { lpa: { status: 'Pending', receiptDate: '2026-11-02' } }, 'We’ve received the LPA'],
  ['Checking', { lpa: { status: 'Perfect', receiptDate: '2026-11-02' } }, 'We’re checking the LPA'],
  ['Processed', { lpa: { status: 'Registered', dispatchDate: '2026-11-27' } }, 'We’ve processed the LPA']
]

test('each status is shown on the status page and the dashboard', async ({ page, visit, expectNoAxeViolations }) => {
  test.setTimeout(240_000)
  const id = await completedLpa(page, expectNoAxeViolations, 'tracked')
  for (const [label, answer, heading] of statuses) {
    await gatewayAnswers(id, [answer])
    await visit(`/lpa/${id}/status`)
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible()
    await expect(page.locator('[aria-current=step]')).toHaveText(`${label} (current status)`)
    if (label === 'Processed') {
      // 27 November 2026 + 15 working days.
      await expect(page.locator('main')).toContainText('If they have not arrived by 18 December 2026')
    }
    await expectNoAxeViolations()
    await visit('/user/dashboard')
    const tag = page.locator('.govuk-summary-card .govuk-tag')
    await expect(tag).toHaveText(label)
    await expect(page.getByRole('link', { name: `View ${label.toLowerCase()} message` })).toBeVisible()
    await expectNoAxeViolations()
  }
})

test('a change found elsewhere appears on an open dashboard', async ({ page, visit, expectNoAxeViolations }) => {
  test.skip(!jsEnabled(), 'the dashboard changes in place only with JavaScript; without, the next load shows it')
  test.setTimeout(240_000)
  const id = await completedLpa(page, expectNoAxeViolations, 'live')

  // Opening the dashboard asks once about its LPAs in flight: stored Waiting, now Received.
  await gatewayAnswers(id, [{ lpa: { status: 'Pending' } }])
  await visit('/user/dashboard')
  const tag = page.locator(`[data-refresh-id="${id}"] .govuk-tag`)
  await expect(tag).toHaveText('Received')
  await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true })

  // Found by another tab (its status page asks the gateway): this dashboard hears it.
  await gatewayAnswers(id, [{ lpa: { status: 'Perfect' } }])
  const other = await page.context().newPage()
  await other.goto(`/lpa/${id}/status`)
  await expect(other.getByRole('heading', { level: 2, name: 'We’re checking the LPA' })).toBeVisible()
  await expect(tag).toHaveText('Checking')
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
  await expectNoAxeViolations()

  // The gateway down: the dashboard keeps what it knew and says so.
  await gatewayAnswers(id, [{ status: 500 }])
  await visit('/user/dashboard')
  await expect(page.locator('[data-status-notice]')).toContainText('a status may be out of date')
  await expect(tag).toHaveText('Checking')
  await expectNoAxeViolations()
})
