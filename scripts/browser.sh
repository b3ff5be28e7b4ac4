#!/usr/bin/env bash
# The README's journeys in a real browser: Debian's chromium and chromium-driver, driven by
# Selenium (PyPI), headless. Each pass runs against a freshly seeded instance of its own:
#   desktop with JavaScript, every page checked by axe-core (WCAG 2.0/2.1 A and AA);
#   phone with JavaScript, checked the same way;
#   phone without JavaScript, which must still complete.
# Screenshots of every step are kept in .ci/out/browser/PASS/ (not committed).
#   scripts/browser.sh [PASS ...]        # default: desktop phone phone-no-js
set -euo pipefail
cd "$(dirname "$0")/.."
PASSES=("$@")
[ ${#PASSES[@]} -gt 0 ] || PASSES=(desktop phone phone-no-js)

# Pinned: selenium 4.51.0; axe-core 4.12.1 as shipped in axe-playwright-python 0.1.8 (only its
# axe.min.js is used, so the wheel is downloaded without Playwright).
# Noto CJK so that screenshots of pages in Chinese, Japanese and Korean show the words, not boxes.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then
  echo "installing chromium, chromium-driver and fonts-noto-cjk."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
pip_install() { python3 -m pip install -q "$@" >/dev/null 2>&1 || python3 -m pip install -q --break-system-packages "$@" >/dev/null; }
python3 -c "import selenium, sys; sys.exit(selenium.__version__ != '4.51.0')" 2>/dev/null || pip_install selenium==4.51.0
OUT=.ci/out/browser
mkdir -p "$OUT"
AXE="$OUT/axe.min.js"
if [ ! -s "$AXE" ]; then
  WHEEL=$(mktemp -d /tmp/amity-axe.XXXXXX)
  python3 -m pip download -q --no-deps axe-playwright-python==0.1.8 -d "$WHEEL" >/dev/null
  python3 -c "import sys, zipfile; open(sys.argv[2], 'wb').write(zipfile.ZipFile(sys.argv[1]).read('axe_playwright_python/axe.min.js'))" \
    "$WHEEL"/axe_playwright_python-0.1.8-py3-none-any.whl "$AXE"
  rm -rf "$WHEEL"
fi
head -c 40 "$AXE" | grep -q "axe v4" || { echo "browser: $AXE is not axe-core 4"; exit 1; }

swift build --product amity >/dev/null 2>&1
BIN=$(swift build --show-bin-path)/amity
PORT=${AMITY_BROWSER_PORT:-18095}
failed=0
for name in "${PASSES[@]}"; do
  case "$name" in
    desktop) flags=(--window 1280x900 --axe "$AXE") ;;
    phone) flags=(--window 390x844 --axe "$AXE") ;;
    phone-no-js) flags=(--window 390x844 --no-javascript) ;;
    desktop-no-js) flags=(--window 1280x900 --no-javascript) ;;
    *) echo "browser: no pass called $name"; exit 2 ;;
  esac
  WORK=$(mktemp -d /tmp/amity-browser.XXXXXX)
  rm -rf "${OUT:?}/$name"
  AMITY_PUBLIC_URL="http://127.0.0.1:$PORT" AMITY_GAZETTEER=Tests/Fixtures/gazetteer-sample.tsv AMITY_MAIL_DIR="$WORK/mail" AMITY_SIGNING_KEY="$WORK/key" \
    "$BIN" serve --database "$WORK/amity.sqlite" --port "$PORT" >"$WORK/serve.log" 2>&1 &
  AMITY=$!
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  if ! python3 scripts/browser/journeys.py --base "http://127.0.0.1:$PORT" --mail "$WORK/mail" --out "$OUT/$name" --pass "$name" "${flags[@]}"; then
    failed=1
    tail -n 20 "$WORK/serve.log"
  fi
  kill "$AMITY" 2>/dev/null || true
  wait "$AMITY" 2>/dev/null || true
  rm -rf "$WORK"
done
if [ "$failed" = 0 ]; then echo "browser: passed"; else echo "browser: FAILED (screenshots in $OUT)"; exit 1; fi
