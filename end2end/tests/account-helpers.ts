// Account steps that more than one journey takes: a unique address, the link in the newest email,
// sign-up with confirmation, and sign-in.
import type { Page } from '@playwright/test'
import { expect, jsEnabled } from './fixtures'

export const FIRST_PASSWORD = 'Correct horse 1 battery'

/** An address no other test (or project) uses. */
export function uniqueEmail (name: string) {
  return `${name}.${jsEnabled() ? 'js' : 'nojs'}.${Date.now()}@example.com`
}

/** The path of the link in the newest email to `to` whose body contains `pathStart`. */
export async function linkInEmail (page: Page, to: string, pathStart: string, notThis?: string) {
  let link = ''
  await expect.poll(async () => {
    const response = await page.request.get(`/__dev/outbox/latest?to=${encodeURIComponent(to)}`)
    if (!response.ok()) return ''
    const body: string = (await response.json()).body
    const at = body.indexOf(pathStart)
    link = at < 0 ? '' : body.slice(at).split(/\s/)[0]
    return link !== '' && link !== notThis ? link : ''
  }, { message: `an email to ${to} with a link to ${pathStart}`, timeout: 15_000 }).not.toBe('')
  return link
}

/** Signs up with `email` and FIRST_PASSWORD, and confirms the address from the email. */
export async function signUpAndConfirm (page: Page, email: string) {
  await page.goto('/signup')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Create a password').fill(FIRST_PASSWORD)
  await page.getByLabel('Confirm your password').fill(FIRST_PASSWORD)
  await page.getByLabel('I agree to the terms of use').check()
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email')
  await page.goto(await linkInEmail(page, email, '/signup/confirm/'))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email address is confirmed')
}

/** Fills in and sends the sign-in form on the page the browser is on. */
export async function signIn (page: Page, email: string, password: string) {
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** A new account, signed in and named "Pat Citizen": with no LPA yet, it lands on /lpa/type. */
export async function newCitizen (page: Page, name: string) {
  const email = uniqueEmail(name)
  await signUpAndConfirm(page, email)
  await page.goto('/login')
  await signIn(page, email, FIRST_PASSWORD)
  await expect(page).toHaveURL(/\/user\/about-you\/new$/)
  await page.getByLabel('First names').fill('Pat')
  await page.getByLabel('Last name').fill('Citizen')
  await page.getByRole('button', { name: 'Save details' }).click()
  await expect(page).toHaveURL(/\/lpa\/type$/)
}
