#!/bin/sh
# Install the Debian packages a task needs, only those that are missing.
#   sh tools/setup.sh build        compiler, CMake and the libraries
#   sh tools/setup.sh build test   plus what the test suite uses
#   sh tools/setup.sh build bench  plus what bench/run.sh uses
#   sh tools/setup.sh build fuzz   plus clang and libFuzzer (tools/fuzz.sh)
set -eu

pkgs=""
for want in "$@"; do
    case "$want" in
    build) pkgs="$pkgs gcc libc6-dev make cmake pkg-config libxlsxwriter-dev libxml2-dev libminizip-dev zlib1g-dev" ;;
    test) pkgs="$pkgs libcmocka-dev python3 python3-openpyxl libreoffice-calc-nogui fonts-noto-cjk poppler-utils unzip man-db groff-base bsdextrautils liblzma-dev" ;;
    bench) pkgs="$pkgs time bc python3 python3-openpyxl" ;;
    fuzz) pkgs="$pkgs clang libfuzzer-14-dev" ;;
    *) echo "setup.sh: unknown set '$want' (build, test, bench, fuzz)" >&2; exit 2 ;;
    esac
done

missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "Installing:$missing" >&2
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq $missing >/dev/null
