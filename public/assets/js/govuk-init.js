// Starts GOV.UK Frontend's JavaScript once Leptos has hydrated the page, so the two never work on
// the same DOM at once. Without JavaScript (or without wasm) the page works as plain HTML.
// Parts of the page that Leptos draws later ask for the same with an `app:govuk-init` event.
import { initAll } from '/assets/govuk-frontend.min.js'

// Components drawn again next to ones already started: starting those twice is expected, not an
// error worth reporting.
function onError (error) {
  if (error.name !== 'InitError') console.error(error)
}

function start () {
  initAll({ onError })
  document.addEventListener('app:govuk-init', (event) => {
    initAll({ scope: event.target, onError })
  })
}

if (document.documentElement.dataset.hydrated) {
  start()
} else {
  document.addEventListener('app:hydrated', start, { once: true })
}
