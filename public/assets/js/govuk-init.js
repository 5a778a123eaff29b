// Starts GOV.UK Frontend's JavaScript once Leptos has hydrated the page, so the two never work on
// the same DOM at once. Without JavaScript (or without wasm) the page works as plain HTML.
import { initAll } from '/assets/govuk-frontend.min.js'

function start () {
  initAll()
}

if (document.documentElement.dataset.hydrated) {
  start()
} else {
  document.addEventListener('app:hydrated', start, { once: true })
}
