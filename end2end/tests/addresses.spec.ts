// The address finder on the donor's form and in the correspondent's "someone else" reveal, with
// JavaScript on and off, axe on each state: a postcode looked up in our fake OS Places, an address
// chosen from the list and written into the lines, everything typed before kept, and the person
// saved with it.
import { test, expect } from './fixtures'
import { newCitizen } from './account-helpers'
import { checker, saveAndContinue, upToCheckout } from './lpa-helpers'

test('the address finder fills the donor’s address', async ({ page, expectNoAxeViolations }) => {
  // About 20 s without JavaScript here (axe checks a copy of each page): room for a slower machine.
  test.setTimeout(90_000)
  await newCitizen(page, 'finder')
  await page.getByLabel('Property and financial affairs').check()
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await page.getByRole('button', { name: 'Add the donor' }).click()
  await expect(page).toHaveURL(/\/lpa\/\d+\/donor\/add$/)
  await page.getByLabel('First names').fill('Dana')
  await page.getByLabel('Last name').fill('Donor')
  await page.getByLabel('Day', { exact: true }).fill('1')
  await page.getByLabel('Month', { exact: true }).fill('2')
  await page.getByLabel('Year', { exact: true }).fill('1950')

  // A postcode with no addresses says so; the lines can still be typed.
  await page.getByLabel('Postcode lookup').fill('ZZ9 9ZZ')
  await page.getByRole('button', { name: 'Find UK address' }).click()
  await expect(page.locator('.app-address-finder [role=status]')).toContainText('We could not find any addresses')
  await expect(page.getByLabel('First names')).toHaveValue('Dana')
  await expectNoAxeViolations()

  await page.getByLabel('Postcode lookup').fill('B1 1TF')
  await page.getByRole('button', { name: 'Find UK address' }).click()
  const list = page.getByLabel('Select an address')
  await expect(list.locator('option').first()).toHaveText('3 addresses found')
  await expectNoAxeViolations()
  await list.selectOption({ label: 'FLAT 3, HOLLIDAY WHARF, 12 HOLLIDAY STREET, BIRMINGHAM, B1 1TF' })
  await page.getByRole('button', { name: 'Use this address' }).click()
  await expect(page.getByLabel('Address line 1')).toHaveValue('FLAT 3')
  await expect(page.getByLabel('Address line 2')).toHaveValue('HOLLIDAY WHARF')
  await expect(page.getByLabel('Town or city')).toHaveValue('12 HOLLIDAY STREET, BIRMINGHAM')
  await expect(page.getByLabel('Postcode', { exact: true })).toHaveValue('B1 1TF')
  await expect(page.getByLabel('First names')).toHaveValue('Dana')
  await expect(page.getByLabel('Select an address')).toHaveCount(0)
  await expectNoAxeViolations()

  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page).toHaveURL(/\/lpa\/\d+\/donor$/)
  await expect(page.locator('main')).toContainText('HOLLIDAY WHARF')
  await expectNoAxeViolations()
})

test('the address finder fills a correspondent who is someone else', async ({ page, expectNoAxeViolations }) => {
  // The whole journey to the checkout comes first, axe on every page.
  test.setTimeout(180_000)
  const check = checker(page, expectNoAxeViolations)
  const base = await upToCheckout(page, check, expectNoAxeViolations, 'finder-correspondent', {
    type: 'Property and financial affairs',
    reduction: 'The donor is not applying for a reduced fee'
  })
  await page.goto(`${base}/correspondent/edit`)
  await check('correspondent/edit')
  await page.getByLabel('Someone else, or a company').check()
  await page.getByLabel('Company name (if the correspondent is a company)').fill('Smith & Co Solicitors')
  await page.getByLabel('Postcode lookup').fill('LS1 1BA')
  await page.getByRole('button', { name: 'Find UK address' }).click()
  const list = page.getByLabel('Select an address')
  await expect(list.locator('option').first()).toHaveText('6 addresses found')
  await expect(page.getByLabel('Someone else, or a company')).toBeChecked()
  await expect(page.getByLabel('Company name (if the correspondent is a company)')).toHaveValue('Smith & Co Solicitors')
  await expectNoAxeViolations()
  await list.selectOption({ label: '1 PARK ROW, LEEDS, LS1 1BA' })
  await page.getByRole('button', { name: 'Use this address' }).click()
  await expect(page.getByLabel('Address line 1')).toHaveValue('1 PARK ROW')
  await expect(page.getByLabel('Postcode', { exact: true })).toHaveValue('LS1 1BA')
  await expect(page.getByLabel('Select an address')).toHaveCount(0)
  await expectNoAxeViolations()

  await saveAndContinue(page)
  await check('correspondent')
  await expect(page.locator('main')).toContainText('Smith & Co Solicitors')
  await expect(page.locator('main')).toContainText('1 PARK ROW')
})
