# Shared setup for scripts/serve and scripts/test. Every step checks first and is silent when
# there is nothing to do, so running the scripts again costs nothing.
# shellcheck shell=bash

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs rustc >= 1.96
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  is_root || die "missing $*: install it (sudo apt-get install $*) and run again"
  say "installing $* with apt-get"
  if [ -z "${SC_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
    SC_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}

ensure_wasm_target() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown && return
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown >/dev/null
}

ensure_cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION\$"; then return; fi
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes ~15 minutes once)"
  cargo install --quiet cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
}

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock exactly; cargo-leptos
# uses the one on PATH (otherwise it would try to download one, which fails offline).
ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  [ -n "$want" ] || die "wasm-bindgen not found in Cargo.lock"
  if wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then return; fi
  say "installing wasm-bindgen-cli $want (takes a few minutes once)"
  cargo install --quiet wasm-bindgen-cli --version "$want"
}

ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return
  apt_install nodejs npm
}

# Node packages for the browser tests and wasm-opt (npm's binaryen; Debian's binaryen 108 breaks
# hydration of release builds, so it must never come first on PATH).
ensure_node_packages() {
  ensure_node
  local stamp=end2end/node_modules/.installed
  if [ -f "$stamp" ] && [ "$stamp" -nt end2end/package.json ] && [ "$stamp" -nt end2end/package-lock.json ]; then
    return
  fi
  say "installing Node packages for end2end"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || die "npm ci in end2end failed"
  touch "$stamp"
}

use_npm_wasm_opt() {
  ensure_node_packages
  export PATH="$PWD/end2end/node_modules/.bin:$PATH"
}

# PostgreSQL server binaries (initdb, pg_ctl): the server finds them on PATH, via pg_config, or in
# /usr/lib/postgresql/*/bin.
ensure_postgres() {
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then return; fi
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then return; fi
  apt_install postgresql
  # Debian starts a system cluster on install; ours is private, so leave that one alone.
}

ensure_chromium() {
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && return
  apt_install chromium fonts-dejavu-core
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_cargo_leptos
  ensure_wasm_bindgen
}
