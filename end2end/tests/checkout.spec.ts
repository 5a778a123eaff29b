// Making an LPA 2/3 in a browser, with JavaScript on and off, axe on every page: from "who is
// applying" to a completed, locked LPA, paid by card on our fake GOV.UK Pay (its own server), by
// cheque after a cancelled card payment, with a benefits exemption (£0), and as a repeat
// application on a low income (£23); locked LPAs; the signing-date check; reusing an LPA's
// details; a skipped certificate provider at checkout; the dashboard's search and pages.
import { test, expect } from './fixtures'
import { newCitizen } from './account-helpers'
import { checker, fillPerson, payByCard, saveAndContinue, upToCheckout } from './lpa-helpers'

test('a property and financial affairs LPA paid by card on GOV.UK Pay, then locked', async ({ page, expectNoAxeViolations }) => {
  test.setTimeout(240_000)
  const check = checker(page, expectNoAxeViolations)
  const base = await upToCheckout(page, check, expectNoAxeViolations, 'card', { type: 'Property and financial affairs', reduction: 'The donor is not applying for a reduced fee' })
  await expect(page.locator('main')).toContainText('Application fee: £92')
  await page.getByRole('button', { name: 'Confirm and pay', exact: true }).click()
  await payByCard(page, '4444333322221111')

  await check('complete')
  await expect(page.locator('.govuk-panel')).toContainText('Payment received')
  await expect(page.locator('main')).toContainText('Post the LPA to us')

  // Locked: every edit URL goes to its documents.
  for (const segment of ['donor', 'fee-reduction', 'checkout', 'primary-attorney/add']) {
    await page.goto(`${base}/${segment}`)
    await expect(page).toHaveURL(new RegExp(`${base}/view-docs$`))
  }
  await check('view-docs')

  // The dashboard shows it completed and tracked (Sirius has no record of it yet: Waiting), with
  // what can be done with it.
  await page.goto('/user/dashboard')
  const card = page.locator('.govuk-summary-card')
  await expect(card.locator('.govuk-tag')).toHaveText('Waiting')
  await expect(card.getByRole('link', { name: /View waiting message/ })).toBeVisible()
  await expect(card.getByRole('link', { name: /View LPA/ })).toBeVisible()
  await expect(card.getByRole('link', { name: /Check signing dates/ })).toBeVisible()
  await expectNoAxeViolations()

  // The signing-date check: wrong order, then the right one.
  await card.getByRole('link', { name: /Check signing dates/ }).click()
  await check('date-check')
  const signDate = async (legend: string, day: string) => {
    const group = page.getByRole('group', { name: legend })
    await group.getByLabel('Day').fill(day)
    await group.getByLabel('Month').fill('3')
    await group.getByLabel('Year').fill('2026')
  }
  await signDate('The donor signed section 9 on', '11')
  await signDate('The certificate provider signed section 10 on', '10')
  await signDate('Ann Able signed section 11 on', '12')
  await signDate('Dana Donor signed section 15 on', '13')
  await page.getByRole('button', { name: 'Check dates' }).click()
  await expect(page.locator('.govuk-error-summary')).toContainText('The donor must be the first person to sign the LPA')
  await expectNoAxeViolations()
  await signDate('The donor signed section 9 on', '9')
  await page.getByRole('button', { name: 'Check dates' }).click()
  await check('date-check/valid')

  // Reuse its details: asked first, then a new LPA whose people can be chosen when adding one.
  await page.goto('/user/dashboard')
  await page.locator('.govuk-summary-card').getByRole('link', { name: /Reuse LPA details/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Make a new LPA using these details?')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Make a new LPA' }).click()
  // A client-side navigation into a page group not loaded yet: the old page goes before the new
  // one comes, so wait for the new page's own heading before axe looks.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What type of LPA do you want to make?')
  await check('type')
  await page.getByLabel('Health and welfare').check()
  await saveAndContinue(page)
  await page.getByRole('button', { name: 'Add the donor' }).click()
  await page.getByRole('link', { name: 'Use details you’ve already entered' }).click()
  await expect(page.locator('main')).toContainText('Ann Able (attorney on LPA')
})

test('a cancelled card payment, then a cheque', async ({ page, expectNoAxeViolations }) => {
  test.setTimeout(240_000)
  const check = checker(page, expectNoAxeViolations)
  await upToCheckout(page, check, expectNoAxeViolations, 'cheque', { type: 'Property and financial affairs', reduction: 'The donor is not applying for a reduced fee' })
  await page.getByRole('button', { name: 'Confirm and pay', exact: true }).click()
  await expect(page).toHaveURL(/\/secure\//)
  await page.getByRole('button', { name: 'Cancel payment' }).click()
  await check('checkout/pay/cancelled')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Online payment cancelled')
  await page.getByRole('button', { name: 'Confirm and pay by cheque' }).click()
  await check('complete')
  await expect(page.locator('main')).toContainText('a cheque for the £92 application fee')
})

test('a health and welfare LPA with a benefits exemption: nothing to pay', async ({ page, expectNoAxeViolations }) => {
  test.setTimeout(240_000)
  const check = checker(page, expectNoAxeViolations)
  await upToCheckout(page, check, expectNoAxeViolations, 'exempt', {
    type: 'Health and welfare',
    reduction: 'The donor currently claims means-tested benefits and has not been awarded personal injury damages of more than £16,000'
  })
  await expect(page.locator('main')).toContainText('Application fee: £0')
  await expect(page.getByRole('button', { name: 'Confirm and pay', exact: true })).toHaveCount(0)
  await page.getByRole('button', { name: 'Confirm and finish' }).click()
  await check('complete')
  await expect(page.locator('main')).toContainText('fee exemption form')
})

test('a repeat application on a low income pays £23', async ({ page, expectNoAxeViolations }) => {
  test.setTimeout(240_000)
  const check = checker(page, expectNoAxeViolations)
  await upToCheckout(page, check, expectNoAxeViolations, 'repeat', {
    type: 'Property and financial affairs',
    caseNumber: '7000-1234-5678',
    reduction: 'The donor currently has an income of less than £12,000 a year before tax'
  })
  await expect(page.locator('main')).toContainText('Application fee: £23')
  await expect(page.locator('main')).toContainText('Yes, case number 700012345678')
  await page.getByRole('button', { name: 'Confirm and pay', exact: true }).click()
  await payByCard(page, '4444333322221111')
  await check('complete')
  await expect(page.locator('.govuk-panel')).toContainText('Payment received')
})

test('a checkout reached with the certificate provider skipped needs more information', async ({ page, expectNoAxeViolations }) => {
  test.setTimeout(240_000)
  const check = checker(page, expectNoAxeViolations)
  const base = await upToCheckout(page, check, expectNoAxeViolations, 'skipped', {
    type: 'Property and financial affairs',
    skipProvider: true,
    reduction: 'The donor is not applying for a reduced fee'
  })
  await expect(page.locator('.govuk-warning-text')).toContainText('When you have chosen a certificate provider')
  await expect(page.getByRole('button', { name: 'Confirm and pay', exact: true })).toHaveCount(0)
  await page.goto(`${base}/more-info-required`)
  await check('more-info-required')
  await page.getByRole('button', { name: 'Continue' }).click()
  await check('certificate-provider/add')
})

test('the dashboard pages 60 LPAs and searches them', async ({ page, expectNoAxeViolations }) => {
  test.setTimeout(180_000)
  await newCitizen(page, 'sixty')
  // The first, with a donor; then 59 more, posted straight to the form (each from its own
  // address, as the form's per-address allowance is for people, not this test).
  await page.getByLabel('Property and financial affairs').check()
  await saveAndContinue(page)
  await page.getByRole('button', { name: 'Add the donor' }).click()
  await fillPerson(page, 'Dana', 'Donor', ['1', '2', '1950'])
  await saveAndContinue(page)
  await expect(page.locator('main')).toContainText('Dana Donor')
  const token = await page.locator('input[name=csrf_token]').first().getAttribute('value')
  for (let n = 0; n < 59; n++) {
    const response = await page.request.post('/lpa/type', {
      form: { csrf_token: token ?? '', type: 'health-and-welfare' },
      headers: { 'X-Forwarded-For': `10.200.${Math.floor(n / 200)}.${n % 200}` },
      maxRedirects: 0
    })
    expect(response.status()).toBe(303)
  }
  await page.goto('/user/dashboard')
  await expect(page.locator('.govuk-summary-card')).toHaveCount(50)
  await expect(page.locator('main')).not.toContainText('Dana Donor')
  await expectNoAxeViolations()
  await page.locator('.govuk-pagination').getByRole('link', { name: 'Next' }).click()
  await expect(page).toHaveURL(/\/user\/dashboard\/page\/2$/)
  await expect(page.locator('.govuk-summary-card')).toHaveCount(10)
  await expect(page.locator('main')).toContainText('Dana Donor')
  await expectNoAxeViolations()

  await page.getByLabel('Search your LPAs').fill('da')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.locator('.govuk-error-message')).toContainText('at least 3 letters')
  await page.getByLabel('Search your LPAs').fill('dana')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.locator('.govuk-summary-card')).toHaveCount(1)
  await expect(page.locator('main')).toContainText('1 LPA matches')
  await expectNoAxeViolations()

  // By its reference, as the dashboard shows it.
  const reference = (await page.locator('.govuk-summary-card .govuk-summary-list__value').first().textContent())?.trim() ?? ''
  expect(reference).toMatch(/^A\d{3} \d{4} \d{4}$/)
  await page.getByLabel('Search your LPAs').fill(reference)
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.locator('.govuk-summary-card')).toHaveCount(1)
  await expect(page.locator('.govuk-summary-card')).toContainText('Dana Donor')
})
