// Making an LPA in a browser: the steps the journeys share, from a new citizen to the checkout.
import type { Page } from '@playwright/test'
import { expect } from './fixtures'
import { newCitizen } from './account-helpers'

export type Check = (segment: string) => Promise<void>

export const saveAndContinue = (page: Page) => page.getByRole('button', { name: 'Save and continue' }).click()

/** Waits for `/lpa/{id}/<segment>`, its heading, and checks the page with axe. */
export function checker (page: Page, expectNoAxeViolations: () => Promise<void>): Check {
  return async (segment: string) => {
    await expect(page).toHaveURL(new RegExp(`/lpa/\\d+/${segment}$`))
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expectNoAxeViolations()
  }
}

export async function fillPerson (page: Page, first: string, last: string, dob?: [string, string, string]) {
  await page.getByLabel('First names').fill(first)
  await page.getByLabel('Last name').fill(last)
  if (dob) {
    await page.getByLabel('Day', { exact: true }).fill(dob[0])
    await page.getByLabel('Month', { exact: true }).fill(dob[1])
    await page.getByLabel('Year', { exact: true }).fill(dob[2])
  }
  await page.getByLabel('Address line 1').fill('1 High Street')
  await page.getByLabel('Town or city').fill('Leeds')
  await page.getByLabel('Postcode', { exact: true }).fill('LS1 1AA')
}

export type Journey = {
  type: 'Property and financial affairs' | 'Health and welfare'
  skipProvider?: boolean
  caseNumber?: string
  reduction: string
  /** Adds one person to notify (so the LPA has an LP3). */
  notify?: boolean
}

/** A new citizen's LPA, answered from its type to its checkout; the LPA's path. */
export async function upToCheckout (page: Page, check: Check, axe: () => Promise<void>, name: string, journey: Journey) {
  await newCitizen(page, name)
  await page.getByLabel(journey.type).check()
  await saveAndContinue(page)
  await expect(page).toHaveURL(/\/lpa\/\d+\/donor$/)
  const base = new URL(page.url()).pathname.replace(/\/donor$/, '')
  await page.getByRole('button', { name: 'Add the donor' }).click()
  await fillPerson(page, 'Dana', 'Donor', ['1', '2', '1950'])
  await saveAndContinue(page)
  await expect(page.locator('main')).toContainText('Dana Donor')
  await page.getByRole('button', { name: 'Continue' }).click()
  if (journey.type === 'Property and financial affairs') {
    await page.getByLabel('As soon as it’s registered, with the donor’s consent').check()
  } else {
    await page.getByLabel('Yes, the attorneys can make decisions about life-sustaining treatment').check()
  }
  await saveAndContinue(page)
  await page.getByRole('link', { name: 'Add an attorney' }).click()
  await fillPerson(page, 'Ann', 'Able', ['3', '4', '1970'])
  await saveAndContinue(page)
  await expect(page.locator('.govuk-summary-card')).toHaveCount(1)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL(/replacement-attorney$/)
  await saveAndContinue(page)
  await expect(page).toHaveURL(/certificate-provider$/)
  if (journey.skipProvider) {
    await page.getByRole('button', { name: 'Skip this question for now' }).click()
  } else {
    await page.getByRole('button', { name: 'Add the certificate provider' }).click()
    await fillPerson(page, 'Cee', 'Provider')
    await saveAndContinue(page)
    await expect(page.locator('.govuk-summary-card')).toHaveCount(1)
    await saveAndContinue(page)
  }
  await expect(page).toHaveURL(/people-to-notify$/)
  if (journey.notify) {
    await page.getByRole('link', { name: 'Add a person to notify' }).click()
    await fillPerson(page, 'Hal', 'Cole')
    await saveAndContinue(page)
    await expect(page).toHaveURL(/people-to-notify$/)
  }
  await saveAndContinue(page)
  await expect(page).toHaveURL(/instructions$/)
  await saveAndContinue(page)
  await check('summary')
  await page.getByRole('button', { name: 'Continue' }).click()

  await check('applicant')
  await saveAndContinue(page)
  await expect(page.locator('.govuk-error-summary')).toContainText('Select the person who is applying to register the LPA')
  await axe()
  await page.getByLabel('The donor – Dana Donor').check()
  await saveAndContinue(page)

  await check('correspondent')
  await expect(page.locator('main')).toContainText('Dana Donor')
  await saveAndContinue(page)
  await expect(page.locator('.govuk-error-summary')).toContainText('Select how the correspondent would like to be contacted')
  await page.getByLabel('Email', { exact: true }).check()
  await page.getByLabel('Email address').fill('dana@example.com')
  await page.getByLabel('English').check()
  await saveAndContinue(page)

  await check('who-are-you')
  await page.getByLabel('The donor used this online service with little or no help').check()
  await saveAndContinue(page)

  await check('repeat-application')
  if (journey.caseNumber) {
    await page.getByLabel('Yes').check()
    await page.getByLabel('Case number').fill('12345')
    await saveAndContinue(page)
    await expect(page.locator('.govuk-error-summary')).toContainText('Case number must be 12 digits')
    await page.getByLabel('Case number').fill(journey.caseNumber)
  } else {
    await page.getByLabel('No').check()
  }
  await saveAndContinue(page)

  await check('fee-reduction')
  await page.getByLabel(journey.reduction).check()
  await saveAndContinue(page)
  await check('checkout')
  return base
}

/** Pays on the fake GOV.UK Pay's card page with `card`. */
export async function payByCard (page: Page, card: string) {
  await expect(page).toHaveURL(/\/secure\//)
  await page.getByLabel('Card number').fill(card)
  await page.getByLabel('Month', { exact: true }).fill('12')
  await page.getByLabel('Year', { exact: true }).fill('2035')
  await page.getByLabel('Name on card').fill('Dana Donor')
  await page.getByLabel('Card security code').fill('123')
  await page.getByLabel('Email', { exact: true }).fill('dana@example.com')
  await page.getByRole('button', { name: 'Confirm payment' }).click()
}
