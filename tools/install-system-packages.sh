#!/usr/bin/env bash
# The Debian packages the tests (and the optional PDF output) need: LibreOffice as the real
# spreadsheet and word processor, poppler for pdftotext/pdftoppm, and fonts for rendering.
set -euo pipefail
packages=(libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-dejavu-core fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
