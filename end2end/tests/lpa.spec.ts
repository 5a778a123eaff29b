// Making an LPA in a browser, with JavaScript on and off: every page of the journey from the type to
// the summary, checked by axe; the flow checker's redirect for a URL typed ahead; the same-name
// warning; and the dashboard.
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { newCitizen } from './account-helpers'

type Person = {
  title?: string
  first: string
  last: string
  dob?: [string, string, string]
  address: [string, string, string, string]
}

async function fillPerson (page: Page, person: Person) {
  if (person.title) await page.getByLabel('Title (optional)').fill(person.title)
  await page.getByLabel('First names').fill(person.first)
  await page.getByLabel('Last name').fill(person.last)
  if (person.dob) {
    await page.getByLabel('Day', { exact: true }).fill(person.dob[0])
    await page.getByLabel('Month', { exact: true }).fill(person.dob[1])
    await page.getByLabel('Year', { exact: true }).fill(person.dob[2])
  }
  const [line1, line2, town, postcode] = person.address
  await page.getByLabel('Address line 1').fill(line1)
  await page.getByLabel('Address line 2').fill(line2)
  await page.getByLabel('Town or city').fill(town)
  await page.getByLabel('Postcode', { exact: true }).fill(postcode)
}

const saveAndContinue = (page: Page) => page.getByRole('button', { name: 'Save and continue' }).click()

/** Waits for `/lpa/{id}/<segment>` and checks the page with axe. */
async function at (page: Page, expectNoAxeViolations: () => Promise<void>, segment: string) {
  await expect(page).toHaveURL(new RegExp(`/lpa/\\d+/${segment}$`))
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expectNoAxeViolations()
}

async function chooseType (page: Page, type: string) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What type of LPA do you want to make?')
  await page.getByLabel(type).check()
  await saveAndContinue(page)
}

const address = (n: number): [string, string, string, string] => [`${n} High Street`, '', 'Leeds', 'LS1 1AA']

async function addDonor (page: Page, check: (segment: string) => Promise<void>) {
  await check('donor')
  await page.getByRole('button', { name: 'Add the donor' }).click()
  await check('donor/add')
  await fillPerson(page, { title: 'Mrs', first: 'Dana', last: 'Donor', dob: ['1', '2', '1950'], address: address(1) })
  await saveAndContinue(page)
  await check('donor')
  await expect(page.locator('main')).toContainText('Mrs Dana Donor')
  await page.getByRole('button', { name: 'Continue' }).click()
}

test('a property and financial affairs LPA with every kind of person, to its summary', async ({ page, expectNoAxeViolations }) => {
  // Three minutes without JavaScript here (axe on some forty pages): room for a slower machine.
  test.setTimeout(480_000)
  const check = (segment: string) => at(page, expectNoAxeViolations, segment)
  await newCitizen(page, 'lpa-pf')
  await expectNoAxeViolations()
  await chooseType(page, 'Property and financial affairs')
  await addDonor(page, check)

  await check('when-lpa-starts')
  await saveAndContinue(page)
  await expect(page.locator('.govuk-error-summary')).toContainText('Select when the LPA can be used')
  await expectNoAxeViolations()
  await page.getByLabel('As soon as it’s registered, with the donor’s consent').check()
  await saveAndContinue(page)

  // Four people and a trust corporation.
  await check('primary-attorney')
  const attorneys = ['Ann', 'Bob', 'Cat', 'Dan']
  for (const [n, first] of attorneys.entries()) {
    await page.getByRole('link', { name: n === 0 ? 'Add an attorney' : 'Add another attorney' }).click()
    await check('primary-attorney/add')
    await fillPerson(page, { first, last: 'Able', dob: ['3', '4', '1970'], address: address(10 + n) })
    await saveAndContinue(page)
    await check('primary-attorney')
  }
  await page.getByRole('link', { name: 'Add a trust corporation' }).click()
  await check('primary-attorney/add-trust')
  await page.getByLabel('Company name').fill('Trusty Trust Ltd')
  await page.getByLabel('Company registration number').fill('01234567')
  await page.getByLabel('Address line 1').fill('1 Bank Street')
  await page.getByLabel('Postcode', { exact: true }).fill('EC1 1AA')
  await saveAndContinue(page)
  await check('primary-attorney')
  await expect(page.locator('.govuk-summary-card')).toHaveCount(5)
  await expect(page.getByRole('link', { name: 'Add a trust corporation' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Continue' }).click()

  // "Depends", with its details.
  await check('how-primary-attorneys-make-decision')
  await page.getByLabel('Jointly for some decisions, and jointly and severally for other decisions').check()
  await saveAndContinue(page)
  await expect(page.locator('.govuk-error-summary')).toContainText('Tell us which decisions have to be made jointly')
  await expectNoAxeViolations()
  await page.getByLabel('Tell us which decisions have to be made jointly').fill('Selling the house must be decided jointly')
  await saveAndContinue(page)

  // Three replacements; with the primaries' decisions depending, nothing more is asked about them.
  await check('replacement-attorney')
  for (const [n, first] of ['Eve', 'Fay', 'Gil'].entries()) {
    await page.getByRole('link', { name: n === 0 ? 'Add a replacement attorney' : 'Add another replacement attorney' }).click()
    await check('replacement-attorney/add')
    await fillPerson(page, { first, last: 'Baker', dob: ['5', '6', '1980'], address: address(20 + n) })
    await saveAndContinue(page)
    await check('replacement-attorney')
  }
  await saveAndContinue(page)

  // The certificate provider has an attorney's name: the warning is shown and must be confirmed.
  await check('certificate-provider')
  await page.getByRole('button', { name: 'Add the certificate provider' }).click()
  await check('certificate-provider/add')
  await fillPerson(page, { first: 'Ann', last: 'Able', address: address(30) })
  await saveAndContinue(page)
  await expect(page.locator('.govuk-warning-text')).toContainText('Ann Able is already named on this LPA as an attorney')
  await expect(page.locator('.govuk-error-summary')).toContainText('tick the box to confirm')
  await expectNoAxeViolations()
  await page.getByLabel('I’ve checked these details and want to save them').check()
  await saveAndContinue(page)
  await check('certificate-provider')
  await saveAndContinue(page)

  // Five people to notify: then the link to add another goes.
  await check('people-to-notify')
  for (const [n, first] of ['Hal', 'Ivy', 'Jon', 'Kay', 'Lee'].entries()) {
    await page.getByRole('link', { name: n === 0 ? 'Add a person to notify' : 'Add another person to notify' }).click()
    await check('people-to-notify/add')
    await fillPerson(page, { first, last: 'Cole', address: address(40 + n) })
    await saveAndContinue(page)
    await check('people-to-notify')
  }
  await expect(page.getByRole('link', { name: 'Add another person to notify' })).toHaveCount(0)
  await expect(page.locator('.govuk-inset-text')).toContainText('5')
  await saveAndContinue(page)

  await check('instructions')
  await page.getByLabel('Preferences (optional)').fill('I would like to keep my savings in a bank near home.')
  await page.getByLabel('Instructions (optional)').fill('My attorneys must not sell my house.')
  await saveAndContinue(page)

  await check('summary')
  const summary = page.locator('main')
  for (const text of ['Mrs Dana Donor', 'Trusty Trust Ltd', 'Dan Able', 'Gil Baker', 'Selling the house must be decided jointly',
    'Lee Cole', 'My attorneys must not sell my house.']) {
    await expect(summary).toContainText(text)
  }
  // The donor, 5 attorneys, 3 replacements, the certificate provider and 5 people to notify.
  await expect(page.locator('.govuk-summary-card')).toHaveCount(15)

  // A change made from the summary goes back to its list (the final check, where every change
  // returns, is the checkout, not reached yet), and shows on the summary.
  await page.locator('.govuk-summary-card', { hasText: 'Lee Cole' }).getByRole('link', { name: /Change/ }).click()
  await check('people-to-notify/edit/4')
  await page.getByLabel('First names').fill('Leigh')
  await saveAndContinue(page)
  await check('people-to-notify')
  await expect(page.locator('main')).toContainText('Leigh Cole')
  await page.goto(new URL(page.url()).pathname.replace(/people-to-notify$/, 'summary'))
  await check('summary')
  await expect(summary).toContainText('Leigh Cole')

  // The dashboard lists it, created.
  await page.getByRole('link', { name: 'Your LPAs', exact: true }).click()
  await expect(page).toHaveURL(/\/user\/dashboard$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your LPAs')
  await expect(page.locator('.govuk-summary-card')).toHaveCount(1)
  await expect(page.locator('.govuk-summary-card')).toContainText('Mrs Dana Donor')
  await expect(page.locator('.govuk-summary-card')).toContainText('Created')
  await expectNoAxeViolations()
})

test('a health and welfare LPA with one attorney and the certificate provider skipped; a URL typed ahead; deleting', async ({ page, expectNoAxeViolations }) => {
  test.setTimeout(180_000)
  const check = (segment: string) => at(page, expectNoAxeViolations, segment)
  await newCitizen(page, 'lpa-hw')
  await chooseType(page, 'Health and welfare')
  await expect(page).toHaveURL(/\/lpa\/\d+\/donor$/)
  const base = new URL(page.url()).pathname.replace(/\/donor$/, '')

  // Typed ahead: the flow checker sends the browser to the first step not answered.
  await page.goto(`${base}/instructions`)
  await expect(page).toHaveURL(new RegExp(`${base}/donor$`))

  await addDonor(page, check)
  await check('life-sustaining')
  await page.getByLabel('Yes, the attorneys can make decisions about life-sustaining treatment').check()
  await saveAndContinue(page)

  await check('primary-attorney')
  await expect(page.getByRole('link', { name: 'Add a trust corporation' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Add an attorney' }).click()
  await check('primary-attorney/add')
  await fillPerson(page, { first: 'Mo', last: 'Able', dob: ['3', '4', '1970'], address: address(50) })
  await saveAndContinue(page)
  await check('primary-attorney')
  await page.getByRole('button', { name: 'Continue' }).click()

  await check('replacement-attorney')
  await saveAndContinue(page)
  await check('certificate-provider')
  await page.getByRole('button', { name: 'Skip this question for now' }).click()
  await check('people-to-notify')
  await saveAndContinue(page)
  await check('instructions')
  await saveAndContinue(page)
  await check('summary')
  await expect(page.locator('main')).toContainText('Not added yet')
  await expect(page.locator('main')).toContainText('Health and welfare')

  // Started, not created (no certificate provider): and deleted, after the question.
  await page.getByRole('link', { name: 'Your LPAs', exact: true }).click()
  // With JS the summary stays until the account pages' module has loaded: wait for the dashboard.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your LPAs')
  await expect(page.locator('.govuk-summary-card')).toHaveCount(1)
  await expect(page.locator('.govuk-summary-card')).toContainText('Started')
  await page.locator('.govuk-summary-card').getByRole('link', { name: /Delete/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Are you sure you want to delete this LPA?')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Delete this LPA' }).click()
  await expect(page).toHaveURL(/\/user\/dashboard\?saved=lpa-deleted$/)
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('The LPA has been deleted')
  await expect(page.locator('.govuk-summary-card')).toHaveCount(0)
  await expectNoAxeViolations()
})
