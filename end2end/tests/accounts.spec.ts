import { test, expect, jsEnabled } from './fixtures'
import { FIRST_PASSWORD, linkInEmail, newCitizen, signIn, signUpAndConfirm, uniqueEmail } from './account-helpers'

const SECOND_PASSWORD = 'Second strong 2 password'
const THIRD_PASSWORD = 'Third strong 3 password'

test('an account from sign-up to deletion', async ({ page, visit, expectNoAxeViolations }) => {
  test.setTimeout(120_000)
  const email = uniqueEmail('journey')
  const newEmail = uniqueEmail('moved')

  await visit('/signup')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.locator('.govuk-error-summary')).toBeVisible()
  await expect(page.locator('.govuk-error-summary__list a')).toHaveText([
    'Enter your email address',
    'Enter a password',
    'Confirm your password',
    'Select to confirm you agree to the terms of use'
  ])
  await expectNoAxeViolations()

  await signUpAndConfirm(page, email)
  await expectNoAxeViolations()

  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/login$/)
  await expectNoAxeViolations()
  await signIn(page, email, 'Not the password 1')
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter a correct email address and password')
  await signIn(page, email, FIRST_PASSWORD)

  // No name yet: the details form comes first.
  await expect(page).toHaveURL(/\/user\/about-you\/new$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your details')
  await expect(page.locator('main')).toContainText('Before you start, tell us your name')
  await expectNoAxeViolations()
  await page.getByLabel('First names').fill('Ann')
  await page.getByRole('button', { name: 'Save details' }).click()
  await expect(page.locator('.govuk-error-summary__list a')).toHaveText(['Enter your last name'])
  await expect(page).toHaveURL(/\/user\/about-you\/new$/)
  await expectNoAxeViolations()
  await page.getByLabel('Last name').fill('Example')
  await page.getByRole('button', { name: 'Save details' }).click()
  // No LPAs yet: the dashboard goes straight on to making one.
  await expect(page).toHaveURL(/\/lpa\/type$/)
  await expectNoAxeViolations()
  await page.getByRole('link', { name: 'Your account' }).click()
  await expect(page).toHaveURL(/\/user\/account$/)
  await expect(page.getByTestId('signed-in-as')).toHaveText(email)
  await expectNoAxeViolations()

  // Your details, changed later.
  await page.getByRole('link', { name: 'Your details' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your details')
  await expect(page.getByLabel('Last name')).toHaveValue('Example')
  await expectNoAxeViolations()
  await page.getByLabel('First names').fill('')
  await page.getByRole('button', { name: 'Save details' }).click()
  await expect(page.locator('.govuk-error-summary__list a')).toHaveText(['Enter your first names'])
  await page.getByLabel('First names').fill('Anne')
  await page.getByRole('button', { name: 'Save details' }).click()
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('Your details have been saved')

  // Change email: the link goes to the new address.
  await page.getByRole('link', { name: 'Your account' }).click()
  await page.getByRole('link', { name: 'Change your email address' }).click()
  await expectNoAxeViolations()
  await page.getByLabel('New email address').fill(newEmail)
  await page.getByLabel('Current password').fill(FIRST_PASSWORD)
  await page.getByRole('button', { name: 'Send the link' }).click()
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('sent a link to your new email address')
  await page.goto(await linkInEmail(page, newEmail, '/user/change-email-address/verify/'))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email address has been changed')
  await expectNoAxeViolations()

  // Change password. (Loaded as a person would, waiting for it to hydrate: leptos_meta draws the
  // title again while the page's module hydrates, and axe must not look in between.)
  await visit('/user/change-password')
  await expectNoAxeViolations()
  await page.getByLabel('Current password').fill(FIRST_PASSWORD)
  await page.getByLabel('New password', { exact: true }).fill(SECOND_PASSWORD)
  await page.getByLabel('Confirm your new password').fill(SECOND_PASSWORD)
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('Your password has been changed')

  // Sign out from the navigation.
  await page.getByRole('link', { name: 'Sign out' }).first().click()
  await expect(page).toHaveURL(/\/signed-out$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You have been signed out')
  await expectNoAxeViolations()

  // Forgotten password, by the new address.
  await visit('/forgot-password')
  await expectNoAxeViolations()
  await page.getByLabel('Email address').fill(newEmail)
  await page.getByRole('button', { name: 'Send the link' }).click()
  await expect(page).toHaveURL(/\/forgot-password\/sent$/)
  await expectNoAxeViolations()
  await page.goto(await linkInEmail(page, newEmail, '/forgot-password/reset/'))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password')
  await expectNoAxeViolations()
  await page.getByLabel('New password', { exact: true }).fill(THIRD_PASSWORD)
  await page.getByLabel('Confirm your new password').fill(THIRD_PASSWORD)
  await page.getByRole('button', { name: 'Save password' }).click()
  await expect(page).toHaveURL(/\/login\?reset=true$/)
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('Your password has been reset')
  await signIn(page, newEmail, THIRD_PASSWORD)
  await expect(page).toHaveURL(/\/lpa\/type$/)

  // Delete the account.
  await page.getByRole('link', { name: 'Your account' }).click()
  await page.getByRole('link', { name: 'Delete your account' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete your account')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Are you sure you want to delete your account?')
  await expectNoAxeViolations()
  await page.getByRole('button', { name: 'Delete my account' }).click()
  await expect(page).toHaveURL(/\/deleted$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account has been deleted')
  await expectNoAxeViolations()
  await visit('/login')
  await signIn(page, newEmail, THIRD_PASSWORD)
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter a correct email address and password')
})

test('the session timeout', async ({ page, expectNoAxeViolations }) => {
  test.setTimeout(90_000)
  const email = uniqueEmail('timeout')
  await signUpAndConfirm(page, email)
  await page.goto('/login')
  await signIn(page, email, FIRST_PASSWORD)
  await expect(page).toHaveURL(/\/user\/about-you\/new$/)

  if (jsEnabled()) {
    // Five minutes from the end, the page warns and offers to stay.
    // The page polled when it loaded; moving the end and focusing the window makes it look again
    // (once the page is live: a focus before hydration has no one listening).
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true')
    expect((await page.request.get('/__dev/session-expires-in/290')).status()).toBe(204)
    await page.evaluate(() => window.dispatchEvent(new Event('focus')))
    const dialog = page.getByRole('dialog', { name: 'You’re about to be signed out' })
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('we will sign you out in 5 minutes')
    await expectNoAxeViolations()
    await dialog.getByRole('button', { name: 'Stay signed in' }).click()
    await expect(dialog).toBeHidden()
    const state = await (await page.request.get('/session-state')).json()
    expect(state.remainingSeconds).toBeGreaterThan(4000)

    // Left alone to the end, it goes to the signed-out page.
    expect((await page.request.get('/__dev/session-expires-in/3')).status()).toBe(204)
    await page.evaluate(() => window.dispatchEvent(new Event('focus')))
    await expect(dialog).toBeVisible()
    await expect(page).toHaveURL(/\/login\/timeout$/, { timeout: 15_000 })
  } else {
    // Without JavaScript the next page after the end says what happened.
    expect((await page.request.get('/__dev/session-expires-in/-1')).status()).toBe(204)
    await page.goto('/user/about-you')
    await expect(page).toHaveURL(/\/login\/timeout\?next=%2Fuser%2Fabout-you$/)
  }
  await expect(page.locator('.govuk-notification-banner')).toContainText('You’ve been signed out')
  await expectNoAxeViolations()
})

test('a signed-in page reached by a link is drawn in the same document after asking who is signed in', async ({ page, expectNoAxeViolations }) => {
  test.skip(!jsEnabled(), 'client-side navigation is what JavaScript adds')
  await newCitizen(page, 'guard')
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true')
  // From here on, count the access guard's questions to the server.
  const asked: string[] = []
  page.on('request', (request) => { if (request.url().includes('/_fn/viewer')) asked.push(request.method()) })
  await page.evaluate(() => { (window as unknown as { sameDocument: boolean }).sameDocument = true })
  await page.getByRole('link', { name: 'Your account' }).click()
  await expect(page).toHaveURL(/\/user\/account$/)
  await expect(page.getByTestId('signed-in-as')).toBeVisible()
  // Drawn by the router in the same document, so the access guard asked the server.
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
  expect(asked).toEqual(['GET'])
  await expectNoAxeViolations()
})
