# Shared settings for the scripts: sourced, not run.
# Cargo's target dir lives outside the clone so CI and every checkout reuse one warm build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/lpa/target}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# cargo-leptos finds wasm-opt (npm binaryen) and sass (npm sass) here instead of downloading them.
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The release server binary and the site cargo-leptos builds next to it.
export SERVER_BIN="${SERVER_BIN:-$CARGO_TARGET_DIR/server-release/server}"
export SITE_ROOT="${SITE_ROOT:-$CARGO_TARGET_DIR/site}"
# Our fake GOV.UK Pay, run as its own server by the browser tests.
export PAY_FAKE_BIN="${PAY_FAKE_BIN:-$CARGO_TARGET_DIR/server-release/govuk-pay-fake}"
# Our fake Sirius gateway, likewise.
export SIRIUS_FAKE_BIN="${SIRIUS_FAKE_BIN:-$CARGO_TARGET_DIR/server-release/sirius-gateway-fake}"
# Our fake OS Places, likewise.
export OS_PLACES_FAKE_BIN="${OS_PLACES_FAKE_BIN:-$CARGO_TARGET_DIR/server-release/os-places-fake}"
export LEPTOS_OUTPUT_NAME=app
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
# The release build of the server and the site: the CSS compiled and minified
# (scripts/style.mjs); the browser module split by page group (`--split`: app/src/routes/
# page_modules.rs), then every static file precompressed (gzip, brotli) for the server to send
# as is.
build_release() {
  node "$ROOT/scripts/style.mjs" &&
    cargo leptos build --release --split "$@" &&
    cargo build --profile server-release -p govuk-pay-fake -p sirius-gateway-fake -p os-places-fake &&
    node "$ROOT/scripts/precompress.mjs" "$SITE_ROOT"
}
