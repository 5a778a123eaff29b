import { defineConfig } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The release build, started fresh for the run on its own SQLite file and port.
const port = Number(process.env.E2E_PORT ?? 3107)
const baseURL = `http://127.0.0.1:${port}`
// Made once, by the runner: each worker reads this file again and must find the same directory
// (admin-helpers.ts makes admins in the app's database).
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'lpa-e2e-'))
const dataDir = process.env.E2E_DATA_DIR
const serverBin = process.env.SERVER_BIN
const siteRoot = process.env.SITE_ROOT
// Our fake GOV.UK Pay, as its own server: the app reaches it by URL, as it would the real one.
const payFakeBin = process.env.PAY_FAKE_BIN
const payPort = Number(process.env.E2E_PAY_PORT ?? 3108)
const payKey = 'e2e-govuk-pay-key'
// Our fake Sirius gateway, likewise; tests tell it what to answer (tracking-helpers.ts).
const siriusFakeBin = process.env.SIRIUS_FAKE_BIN
const siriusPort = Number(process.env.E2E_SIRIUS_PORT ?? 3109)
const siriusKeyId = 'AKIDE2ESIRIUS'
const siriusSecret = 'e2e-sirius-gateway-secret'
// Our fake OS Places, likewise, answering from its fixture of addresses.
const placesFakeBin = process.env.OS_PLACES_FAKE_BIN
const placesPort = Number(process.env.E2E_OS_PLACES_PORT ?? 3110)
const placesKey = 'e2e-os-places-key'
if (!serverBin || !siteRoot || !payFakeBin || !siriusFakeBin || !placesFakeBin) {
  throw new Error('SERVER_BIN, SITE_ROOT and the fakes\' binaries (PAY_FAKE_BIN, SIRIUS_FAKE_BIN, OS_PLACES_FAKE_BIN) must be set: run the tests through scripts/test')
}
process.env.E2E_SIRIUS_URL = `http://127.0.0.1:${siriusPort}`
// The app's database, for admin-helpers.ts to make admins with the server's own command.
process.env.E2E_DATABASE_URL = `sqlite://${dataDir}/app.db`

// Two more instances of the app as production runs it: one PostgreSQL database, Redis sessions
// and the RabbitMQ fan-out shared between them (the services scripts/services starts). Tests of
// what one instance tells the others (the system message) use them, so they change nothing the
// other tests see. The database is made afresh once per run, by the runner.
const instancePorts = [Number(process.env.E2E_INSTANCE_A_PORT ?? 3111), Number(process.env.E2E_INSTANCE_B_PORT ?? 3112)]
process.env.E2E_INSTANCE_URLS = instancePorts.map((p) => `http://127.0.0.1:${p}`).join(' ')
const pgAdmin = 'postgres://postgres@127.0.0.1:5432/postgres'
const instancesDatabase = 'lpa_e2e_instances'
if (!process.env.E2E_INSTANCES_DATABASE_URL) {
  for (const sql of [`DROP DATABASE IF EXISTS ${instancesDatabase} WITH (FORCE)`, `CREATE DATABASE ${instancesDatabase}`]) {
    execFileSync('psql', [pgAdmin, '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: 'pipe' })
  }
  process.env.E2E_INSTANCES_DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${instancesDatabase}`
}
const instancesDatabaseUrl = process.env.E2E_INSTANCES_DATABASE_URL

// Tests of the two instances, one at a time (what they change, every page of theirs shows).
const INSTANCES = /system-message\.spec\.ts$/

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // Without the background-networking flags chromium floods the closed network.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--no-first-run', '--disable-sync', '--disable-quic']
    }
  },
  projects: [
    { name: 'js', use: { javaScriptEnabled: true }, testIgnore: INSTANCES },
    { name: 'nojs', use: { javaScriptEnabled: false }, testIgnore: INSTANCES },
    // The two production-like instances: JavaScript on, then off.
    { name: 'instances-js', use: { javaScriptEnabled: true, baseURL: `http://127.0.0.1:${instancePorts[0]}` }, testMatch: INSTANCES },
    { name: 'instances-nojs', use: { javaScriptEnabled: false, baseURL: `http://127.0.0.1:${instancePorts[0]}` }, testMatch: INSTANCES, dependencies: ['instances-js'] }
  ],
  webServer: [{
    command: `"${payFakeBin}" --addr 127.0.0.1:${payPort} --api-key ${payKey}`,
    // Answers 401 without the key: Playwright counts that as up.
    url: `http://127.0.0.1:${payPort}/v1/payments`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe'
  }, {
    command: `"${siriusFakeBin}" --addr 127.0.0.1:${siriusPort} --access-key-id ${siriusKeyId} --secret-access-key ${siriusSecret}`,
    // Answers 403 to an unsigned request: Playwright counts that as up.
    url: `http://127.0.0.1:${siriusPort}/v1/healthcheck`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe'
  }, {
    command: `"${placesFakeBin}" --addr 127.0.0.1:${placesPort} --key ${placesKey}`,
    // Answers 401 without the key: Playwright counts that as up.
    url: `http://127.0.0.1:${placesPort}/search/places/v1/postcode`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe'
  }, {
    command: `"${serverBin}" serve`,
    url: `${baseURL}/healthcheck`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      APP_ENVIRONMENT: 'test',
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${dataDir}/app.db`,
      APP_OBJECTS_DIR: `${dataDir}/objects`,
      // As if behind a load balancer: each test sends its own X-Forwarded-For (fixtures.ts), so
      // the per-address rate limits see one citizen per test.
      APP_TRUST_FORWARDED_FOR: 'true',
      APP_PAY_URL: `http://127.0.0.1:${payPort}`,
      APP_PAY_API_KEY: payKey,
      APP_SIRIUS_URL: `http://127.0.0.1:${siriusPort}`,
      APP_SIRIUS_ACCESS_KEY_ID: siriusKeyId,
      APP_SIRIUS_SECRET_ACCESS_KEY: siriusSecret,
      // Each answer a test tells the fake is the next one heard.
      APP_SIRIUS_CACHE_SECONDS: '0',
      APP_OS_PLACES_URL: `http://127.0.0.1:${placesPort}`,
      APP_OS_PLACES_KEY: placesKey,
      RUST_LOG: 'warn'
    }
  }, ...instancePorts.map((instancePort) => ({
    command: `"${serverBin}" serve`,
    url: `http://127.0.0.1:${instancePort}/healthcheck`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: {
      APP_ENVIRONMENT: 'test',
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_SITE_ADDR: `127.0.0.1:${instancePort}`,
      DATABASE_URL: instancesDatabaseUrl,
      REDIS_URL: process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379',
      AMQP_URL: process.env.E2E_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672/%2f',
      APP_OBJECTS_DIR: `${dataDir}/instances-objects`,
      APP_TRUST_FORWARDED_FOR: 'true',
      RUST_LOG: 'warn'
    }
  }))]
})
