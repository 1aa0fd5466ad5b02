#!/usr/bin/env bash
# What the tests (and the optional PDF output) need besides Python: LibreOffice as the real
# spreadsheet and word processor, poppler for pdftotext/pdftoppm, fonts for rendering (Debian),
# and real Pyodide under node for the xlwings Lite tests: Debian's nodejs/npm when node is
# missing, then the pinned npm packages of tools/pyodide (npm ci; node_modules is not committed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
packages=(libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-dejavu-core fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea)
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ ! -f "$here/pyodide/node_modules/pyodide-0.27/pyodide.asm.wasm" ] || [ ! -f "$here/pyodide/node_modules/pyodide-newest/pyodide.asm.wasm" ]; then
  (cd "$here/pyodide" && npm ci --no-audit --no-fund --loglevel=error)
fi
