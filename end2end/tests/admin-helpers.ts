// Admins and data store staff in browser tests: made with the server's own commands (`server
// create-admin`, `create-staff`, as an operator would), given a password through the link it prints, signed in and named.
import { execFileSync } from 'node:child_process'
import type { Page } from '@playwright/test'
import { expect } from './fixtures'
import { FIRST_PASSWORD, signIn, uniqueEmail } from './account-helpers'

/**
 * A new admin, signed in on `page`; their email address. Made in the main test instance's
 * database, or in `databaseUrl` (the two production-like instances').
 */
export async function newAdmin (page: Page, name: string, databaseUrl = process.env.E2E_DATABASE_URL!) {
  return newStaff(page, name, ['create-admin'], databaseUrl)
}

/** New data store staff (`server create-staff --role datastore`), signed in on `page`. */
export async function newDataStaff (page: Page, name: string) {
  return newStaff(page, name, ['create-staff', '--role', 'datastore'], process.env.E2E_DATABASE_URL!)
}

/**
 * A new member of a new transferring body with one series (`server transfer body|series|member
 * add`), signed in on `page`; the body's code.
 */
export async function newTransferMember (page: Page, name: string) {
  const databaseUrl = process.env.E2E_DATABASE_URL!
  const body = `E2E${Date.now() % 100_000_000}${Math.floor(Math.random() * 1000)}`
  const run = (args: string[]) => execFileSync(process.env.SERVER_BIN!, args, {
    env: { ...process.env, APP_ENVIRONMENT: 'test', DATABASE_URL: databaseUrl, RUST_LOG: 'error' },
    encoding: 'utf8'
  })
  run(['transfer', 'body', 'add', '--code', body, `End-to-end Department ${body}`])
  run(['transfer', 'series', 'add', '--body', body, '--code', `${body} 1`, 'Minutes'])
  await newStaff(page, name, ['transfer', 'member', 'add', '--body', body], databaseUrl)
  return body
}

async function newStaff (page: Page, name: string, command: string[], databaseUrl: string) {
  const email = uniqueEmail(name)
  const printed = execFileSync(process.env.SERVER_BIN!, [...command, email], {
    env: { ...process.env, APP_ENVIRONMENT: 'test', DATABASE_URL: databaseUrl, RUST_LOG: 'error' },
    encoding: 'utf8'
  })
  const link = printed.match(/https?:\/\/\S*(\/forgot-password\/reset\/\S+)/)
  if (!link) throw new Error(`${command[0]} printed no reset link: ${printed}`)
  await page.goto(link[1])
  await page.getByLabel('New password', { exact: true }).fill(FIRST_PASSWORD)
  await page.getByLabel('Confirm your new password').fill(FIRST_PASSWORD)
  await page.getByRole('button', { name: 'Save password' }).click()
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('Your password has been reset')
  await signIn(page, email, FIRST_PASSWORD)
  await expect(page).toHaveURL(/\/user\/about-you\/new$/)
  await page.getByLabel('First names').fill('Ada')
  await page.getByLabel('Last name').fill('Admin')
  await page.getByRole('button', { name: 'Save details' }).click()
  // With no LPA yet, an account starts one.
  await expect(page).toHaveURL(/\/lpa\/type$/)
  return email
}
