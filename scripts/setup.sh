#!/usr/bin/env bash
# Set up a fresh machine for descent. Safe to run again; it skips what is there.
#
#   bash scripts/setup.sh           what the lessons need: Node.js >= 20 and npm
#                                   (npm ci, then the build). Works on macOS and any Linux.
#   bash scripts/setup.sh --tests   also the system tools the test suite drives: Jupyter's own
#                                   executor and kernel test suite, classic Notebook and Chromium
#                                   for the browser test, numpy for fixture scripts, CJK and Latin fonts,
#                                   bubblewrap for the grader's sandbox. Installed from Debian's apt
#                                   where it exists; elsewhere it names what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

tests=0
for a in "$@"; do
  case "$a" in
    --tests) tests=1 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup: unknown option $a (the one there is: --tests)" >&2; exit 2 ;;
  esac
done

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: descent needs Node.js >= 20 and npm (https://nodejs.org); neither was found on PATH" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "setup: descent needs Node.js >= 20, this is $(node --version)" >&2
  exit 1
fi

if [ "$tests" = 1 ]; then
  # fonts-noto-cjk: the site test checks that Chinese titles are drawn with a CJK font.
  # fonts-liberation2: Latin text in the reading copies' pictures with Arial's widths (the figures' layout assumes them).
  # bubblewrap: the grader runs student code in its sandbox (the red-team and grading tests).
  APT_PACKAGES=(jupyter-notebook python3-nbclient jupyter-nbconvert python3-jupyter-kernel-test chromium python3-numpy fonts-noto-cjk fonts-liberation2 bubblewrap)
  if command -v apt-get >/dev/null && command -v dpkg-query >/dev/null; then
    missing=()
    for p in "${APT_PACKAGES[@]}"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
      sudo=""
      [ "$(id -u)" = 0 ] || sudo="sudo"
      if [ -n "$sudo" ] && ! command -v sudo >/dev/null; then
        echo "setup: missing system packages (${missing[*]}) and no sudo; the tests that need them fail under CI" >&2
      else
        echo "setup: installing system packages: ${missing[*]}"
        $sudo apt-get update -qq
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
      fi
    fi
  else
    # Not Debian: say which of the tools the tests drive are missing, and carry on.
    for tool in jupyter chromium bwrap; do
      command -v "$tool" >/dev/null || echo "setup: no '$tool' on PATH; tests that need it are skipped (they fail under CI=true)" >&2
    done
    for module in numpy nbclient nbconvert jupyter_kernel_test; do
      python3 -c "import $module" 2>/dev/null || echo "setup: python3 cannot import '$module'; tests that need it are skipped (they fail under CI=true)" >&2
    done
    if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
      echo "setup: no CJK font (fc-list :lang=zh is empty); the site test's check of Chinese titles fails" >&2
    fi
    if command -v fc-list >/dev/null && ! fc-list : family 2>/dev/null | grep -q -E "Liberation Sans|DejaVu Sans"; then
      echo "setup: neither Liberation Sans nor DejaVu Sans installed; the reading copies' pictures would draw Latin text from a CJK font, and its test is skipped (fails under CI=true)" >&2
    fi
  fi
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm run build
