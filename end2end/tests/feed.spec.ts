import { test, expect, jsEnabled } from './fixtures'
import type { Page, WebSocketRoute } from '@playwright/test'
import { FIRST_PASSWORD, signIn, signUpAndConfirm, uniqueEmail } from './account-helpers'

/** A marker no other message carries. */
function uniqueMarker (name: string) {
  return `${name}-${jsEnabled() ? 'js' : 'nojs'}-${Date.now()}`
}

/** A new account, confirmed and signed in (posting needs someone signed in). */
async function signUpAndSignIn (page: Page) {
  const email = uniqueEmail('feed')
  await signUpAndConfirm(page, email)
  await page.goto('/login')
  await signIn(page, email, FIRST_PASSWORD)
  await expect(page).toHaveURL(/\/user\/about-you\/new$/)
}

/** Posts `message` as the browser's scripts would: the session's cookie and its CSRF token. */
async function postThroughApi (page: Page, message: object) {
  const token = await page.locator('meta[name=csrf-token]').getAttribute('content')
  const response = await page.request.post('/api/v1/messages/', {
    data: message,
    headers: { 'X-CSRF-Token': token ?? '' }
  })
  expect(response.status(), await response.text()).toBe(200)
  expect(await response.json()).toEqual({})
}

/** Whether a message containing `marker` is among the newest 200 saved (the API, read directly). */
async function expectSaved (page: Page, marker: string) {
  const texts = await Promise.all([0, 100].map(async (offset) => {
    const response = await page.request.get(`/api/v1/messages/?offset=${offset}&limit=100`)
    expect(response.status()).toBe(200)
    return JSON.stringify((await response.json()).messages)
  }))
  expect(texts.join(''), `a saved message with ${marker}`).toContain(marker)
}

async function idsShown (page: Page) {
  return (await page.getByTestId('feed-message').evaluateAll((elements) =>
    elements.map((element) => Number(element.getAttribute('data-id')))))
}

test('the feed page', async ({ page, visit, expectNoAxeViolations }) => {
  await visit('/feed')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Messages as they arrive')
  if (jsEnabled()) {
    await expect(page.getByTestId('feed-status')).toContainText('Connected')
    await expect(page.getByTestId('feed-refresh')).toHaveCount(0)
  } else {
    await expect(page.getByTestId('feed-status')).toHaveCount(0)
    await expect(page.getByTestId('feed-refresh').getByRole('link', { name: 'Refresh' })).toHaveAttribute('href', '/feed')
  }
  await expectNoAxeViolations()
})

test('the live page shows messages as they are posted', async ({ page, context, visit, expectNoAxeViolations }) => {
  test.skip(!jsEnabled(), 'the page follows the websocket only with JavaScript')
  test.setTimeout(90_000)
  await signUpAndSignIn(page)
  await visit('/feed')
  await expect(page.getByTestId('feed-status')).toContainText('Connected')

  const marker = uniqueMarker('live')
  await postThroughApi(page, { marker })
  const posted = page.getByTestId('feed-message').filter({ hasText: marker })
  await expect(posted).toBeVisible({ timeout: 1_000 })
  await expect(posted.locator('pre')).toHaveText(`{\n  "marker": "${marker}"\n}`)
  await expectNoAxeViolations()

  // A hundred from another tab: the newest 30 stay on the page, the others are counted.
  const other = await context.newPage()
  await other.goto('/feed/dev')
  await other.getByRole('button', { name: 'Post 100 messages' }).click()
  await expect(other.locator('.govuk-notification-banner--success')).toContainText('100 messages posted')
  await other.close()
  await expect(page.getByTestId('feed-message').filter({ hasText: '"i": 99' })).toBeVisible()
  await expect(page.getByTestId('feed-message')).toHaveCount(30)
  await expect(posted).toHaveCount(0)
  await expect(page.getByTestId('feed-older')).toContainText(/… and \d+ older messages/)
  const ids = await idsShown(page)
  expect(ids, 'newest first').toEqual([...ids].sort((a, b) => b - a))
})

test('the live page reconnects from the last message it saw', async ({ page, visit }) => {
  test.skip(!jsEnabled(), 'the page follows the websocket only with JavaScript')
  // The websocket is played by the test: it sends a message, then closes as a server does to a
  // client that is too slow (1013).
  const sockets: WebSocketRoute[] = []
  await page.routeWebSocket(/\/ws\/v1\//, (socket) => { sockets.push(socket) })
  await visit('/feed')
  const status = page.getByTestId('feed-status')
  await expect(status).toContainText('Connected')
  const first = new URL(sockets[0].url())
  expect(first.searchParams.get('envelope')).toBe('true')
  const newestShown = Number(first.searchParams.get('after'))
  const ids = await idsShown(page)
  expect(newestShown).toBe(ids.length > 0 ? ids[0] : 0)

  const id = newestShown + 1000
  // Written out, so the message's text (2.50) is as a server would send it.
  sockets[0].send(`{"id":${id},"inserted":"2026-03-01T14:05:07.5Z","message":{"z":1,"a":[2.50]}}`)
  const message = page.getByTestId('feed-message').first()
  await expect(message.getByRole('heading')).toHaveText(`Message ${id}`)
  await expect(message.locator('pre')).toHaveText('{\n  "z": 1,\n  "a": [\n    2.50\n  ]\n}')
  await expect(message.locator('time')).toHaveText('1 March 2026 at 2:05:07pm UTC')

  await sockets[0].close({ code: 1013, reason: 'Try again later' })
  await expect(status).toHaveText('Offline: trying to reconnect in 1 second')
  await expect.poll(() => sockets.length).toBe(2)
  expect(new URL(sockets[1].url()).searchParams.get('after')).toBe(String(id))
  await expect(status).toContainText('Connected')
  // A message sent again after the reconnection is not shown twice.
  sockets[1].send(JSON.stringify({ id, inserted: '2026-03-01T14:05:07.5Z', message: { z: 1 } }))
  sockets[1].send(JSON.stringify({ id: id + 1, inserted: '2026-03-01T14:05:08Z', message: { z: 2 } }))
  await expect(page.getByTestId('feed-message').first().getByRole('heading')).toHaveText(`Message ${id + 1}`)
  await expect(page.getByTestId('feed-message').filter({ hasText: `Message ${id}` })).toHaveCount(1)
})

test('posting and reading on the dev page', async ({ page, visit, expectNoAxeViolations }) => {
  test.setTimeout(90_000)
  await visit('/feed/dev')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Try the feed API')
  await expectNoAxeViolations()

  // Reading: the API's answer to the form's query, or its error.
  await page.getByLabel('limit', { exact: true }).fill('5')
  await page.getByRole('button', { name: 'Get' }).click()
  await expect(page).toHaveURL(/\/feed\/dev\?paginationId=&offset=0&limit=5$/)
  const answer = JSON.parse(await page.getByTestId('api-response').innerText())
  expect(answer).toMatchObject({ offset: 0, limit: 5 })
  expect(answer.messages.length).toBeLessThanOrEqual(5)
  await expect(page.getByTestId('api-status')).toHaveText('200 OK')
  await expect(page.getByLabel('limit', { exact: true })).toHaveValue('5')
  await expectNoAxeViolations()
  await page.getByLabel('offset', { exact: true }).fill('-1')
  await page.getByRole('button', { name: 'Get' }).click()
  await expect(page.getByTestId('api-status')).toHaveText('400 Bad Request')
  expect(JSON.parse(await page.getByTestId('api-response').innerText())).toEqual({
    error: {
      code: 400,
      description: "Can not validate request arguments according to schema: '-1' does not match '^[0-9]+$'"
    }
  })

  // Posting needs someone signed in.
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(page).toHaveURL(/\/login\?next=%2Ffeed%2Fdev$/)
  await signUpAndSignIn(page)
  await visit('/feed/dev')
  const field = page.getByLabel('Message', { exact: true })
  await field.fill('')
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(page.locator('.govuk-error-summary__list a')).toHaveText(['Enter a message'])
  await expect(page).toHaveTitle(/^Error: Try the feed API/)
  await expectNoAxeViolations()
  await page.getByLabel('Message', { exact: true }).fill('[1, 2]')
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(page.locator('.govuk-error-summary__list a')).toHaveText(['Enter a JSON object, in { }'])
  await expect(page.locator('#message-error')).toContainText('Enter a JSON object, in { }')
  const marker = uniqueMarker('dev')
  await page.getByLabel('Message', { exact: true }).fill(`{"marker": "${marker}"}`)
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(page).toHaveURL(/\/feed\/dev\?posted=1$/)
  await expect(page.locator('.govuk-notification-banner--success')).toContainText('Message posted')
  await expect(page.getByTestId('post-response')).toHaveText('{}')
  await expect(page.locator('.govuk-error-summary')).toHaveCount(0)
  await expectNoAxeViolations()
  await expectSaved(page, marker)

  // Saved messages: ten a page, and paging on while more arrive shows none twice.
  for (let i = 0; i < 12; i++) await postThroughApi(page, { marker, i })
  await visit('/feed/saved')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Saved messages')
  await expect(page.getByTestId('showing')).toHaveText(/^Showing 1 to 10 of \d+ messages$/)
  await expect(page.getByTestId('feed-message')).toHaveCount(10)
  const first = await idsShown(page)
  await expectNoAxeViolations()
  await postThroughApi(page, { marker, i: 12 })
  await page.getByRole('link', { name: 'Next page' }).click()
  await expect(page).toHaveURL(/\/feed\/saved\?paginationId=\d+&offset=10$/)
  await expect(page.getByTestId('showing')).toHaveText(/^Showing 11 to 20 of \d+ messages$/)
  await expect(page.getByTestId('newer-messages')).toBeVisible()
  const second = await idsShown(page)
  expect(second).toHaveLength(10)
  expect(Math.max(...second), 'the second page follows on from the first').toBeLessThan(Math.min(...first))
  await expectNoAxeViolations()
  await page.getByRole('link', { name: 'Previous page' }).click()
  await expect(page.getByTestId('showing')).toHaveText(/^Showing 1 to 10 of \d+ messages$/)
  expect(await idsShown(page)).toEqual(first)
})
