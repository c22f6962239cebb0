#!/bin/sh
# libisomm as another program uses it: installed into a staging root, the
# README's C example builds against it through pkg-config and through
# find_package(isomm) and runs; the installed isomm converts a sample;
# man -l shows isomm.1; a parent project builds it with add_subdirectory
# without taking its flags or build type; cpack -G DEB packs it.
set -eu
build="$(cd "${1:?usage: install.sh BUILD_DIR}" && pwd)"
src="$(pwd)"
tmp="$(mktemp -d /tmp/isomm-install-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
root="$tmp/root"
fail() { echo "install: $*" >&2; exit 1; }

prefix="$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")"
libdir="$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build/CMakeCache.txt")"
DESTDIR="$root" cmake --install "$build" >"$tmp/install.log" || fail "cmake --install failed"
p="$root$prefix"
for f in bin/isomm "$libdir/libisomm.so.0" "$libdir/libisomm.so" include/isomm/isomm.h \
         include/isomm/version.h "$libdir/pkgconfig/isomm.pc" \
         "$libdir/cmake/isomm/isommConfig.cmake" "$libdir/cmake/isomm/isommConfigVersion.cmake" \
         share/man/man1/isomm.1; do
    [ -e "$p/$f" ] || fail "$f was not installed"
done

# The README's C example, as a user copies it.
awk '/^## Library/ {lib = 1} lib && /^```c$/ {on = 1; next} on && /^```$/ {exit} on' \
    README.md > "$tmp/convert.c"
grep -q 'isomm_read_file' "$tmp/convert.c" || fail "no C example found in README.md"

# The installed command (it finds its library beside it).
"$p/bin/isomm" --version | grep -q "^isomm " || fail "the installed isomm does not run"
"$p/bin/isomm" convert samples/alpha-manufacturing.xlsx -q --no-warnings -o "$tmp/cli.xlsx" ||
    fail "the installed isomm cannot convert a sample"

# Scratch parts in memory are the isomm program's (src/cli/scratch.c), not
# the library's: where no scratch file can be made (a mount namespace with
# /tmp, /dev/shm and the working folder read-only, TMPDIR missing), the
# installed isomm still writes a workbook; with ISOMM_SCRATCH=files it
# cannot, nor can a program of its own linking libisomm (checked below).
# (Inside, this test's folder is /mnt: $m for $p.)
no_scratch() {
    unshare -m sh -c 'mount --bind "$1" /mnt && mount -t tmpfs -o ro,size=64k tmpfs /tmp &&
        mount -t tmpfs -o ro,size=64k tmpfs /dev/shm && cd /tmp && shift && TMPDIR=/nonexistent "$@"' \
        sh "$tmp" "$@"
}
m="/mnt${p#"$tmp"}"
mkdir -p "$tmp/ns" && cp samples/beta-finance.xlsx "$tmp/ns/in.xlsx"
no_scratch "$m/bin/isomm" convert /mnt/ns/in.xlsx -q --no-warnings -o /mnt/ns/mem.xlsx ||
    fail "the installed isomm needs scratch files (src/cli/scratch.c took no effect)"
[ -s "$tmp/ns/mem.xlsx" ] || fail "no workbook written with scratch parts in memory"
if no_scratch env ISOMM_SCRATCH=files "$m/bin/isomm" convert /mnt/ns/in.xlsx -q --no-warnings \
    -o /mnt/ns/files.xlsx 2>"$tmp/ns.err"; then
    fail "a workbook was written where no scratch file can be made: the check proves nothing"
fi
grep -q "tmpfile" "$tmp/ns.err" || fail "ISOMM_SCRATCH=files failed otherwise: $(cat "$tmp/ns.err")"

# pkg-config, with the staging root as the prefix.
pc="pkg-config --define-variable=prefix=$p"
export PKG_CONFIG_PATH="$p/$libdir/pkgconfig"
[ "$($pc --modversion isomm)" = "$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")" ] ||
    fail "pkg-config reports another version"
# shellcheck disable=SC2046
cc -Wall -Werror "$tmp/convert.c" $($pc --cflags --libs isomm) -o "$tmp/convert-pc" ||
    fail "the example does not build with pkg-config"
LD_LIBRARY_PATH="$p/$libdir" "$tmp/convert-pc" samples/beta-finance.xlsx "$tmp/pc.xlsx" \
    >"$tmp/pc.out" || fail "the example built with pkg-config fails"
if no_scratch env LD_LIBRARY_PATH="$m/$libdir" /mnt/convert-pc /mnt/ns/in.xlsx /mnt/ns/lib.xlsx \
    >/dev/null 2>&1; then
    fail "libisomm wrote a workbook without scratch files: the library overrides lxw_tmpfile"
fi
# What it prints, against the sample's oracle (tools/make_samples.py).
want="$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print("isomm-v2.1, %d of %d services assessed" % (sum(s["as_is"] is not None for s in d["services"]), len(d["services"])))' samples/beta-finance.expected.json)"
grep -q "$want" "$tmp/pc.out" || fail "the example printed: $(cat "$tmp/pc.out"), not '$want'"

# find_package(isomm) from a project of its own.
mkdir "$tmp/app"
cp "$tmp/convert.c" "$tmp/app/"
cat > "$tmp/app/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.18)
project(app C)
find_package(isomm 0.2 REQUIRED)
add_executable(convert convert.c)
target_link_libraries(convert PRIVATE isomm::isomm)
CM
cmake -S "$tmp/app" -B "$tmp/app/build" -DCMAKE_PREFIX_PATH="$p" >"$tmp/app.log" 2>&1 ||
    fail "find_package(isomm) failed: $(tail -5 "$tmp/app.log")"
cmake --build "$tmp/app/build" >>"$tmp/app.log" 2>&1 || fail "the find_package build failed"
"$tmp/app/build/convert" samples/gamma-retail.xlsx "$tmp/fp.xlsx" >"$tmp/fp.out" ||
    fail "the example built with find_package fails"
grep -q 'isomm-v2.1' "$tmp/fp.out" || fail "the find_package example printed: $(cat "$tmp/fp.out")"
"$p/bin/isomm" inspect "$tmp/fp.xlsx" | grep -q 'x1060-portfolio' ||
    fail "what the example wrote is no portfolio workbook"

# The man page: man shows it, groff has nothing to say about it.
MANWIDTH=80 man -l "$p/share/man/man1/isomm.1" 2>"$tmp/man.err" | col -b >"$tmp/man.txt"
grep -q 'isomm convert' "$tmp/man.txt" && grep -q 'EXIT STATUS' "$tmp/man.txt" ||
    fail "man -l does not show isomm.1"
groff -k -man -Tutf8 -ww -z "$p/share/man/man1/isomm.1" 2>"$tmp/groff.err"
[ ! -s "$tmp/groff.err" ] || fail "groff warns about isomm.1: $(cat "$tmp/groff.err")"

# add_subdirectory from a parent project: isomm::isomm works, and neither
# isomm's warning flags nor its build type reach the parent's targets.
mkdir "$tmp/parent"
cp "$tmp/convert.c" "$tmp/parent/"
cat > "$tmp/parent/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.18)
project(parent C)
add_subdirectory("$src" isomm)
add_executable(convert convert.c)
target_link_libraries(convert PRIVATE isomm::isomm)
file(WRITE \${CMAKE_BINARY_DIR}/build-type.txt "[\${CMAKE_BUILD_TYPE}]")
CM
cmake -S "$tmp/parent" -B "$tmp/parent/build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    >"$tmp/parent.log" 2>&1 || fail "add_subdirectory configure failed: $(tail -5 "$tmp/parent.log")"
[ "$(cat "$tmp/parent/build/build-type.txt")" = "[]" ] || fail "isomm set the parent's build type"
cmake --build "$tmp/parent/build" -j2 >>"$tmp/parent.log" 2>&1 ||
    fail "add_subdirectory build failed: $(tail -5 "$tmp/parent.log")"
python3 - "$tmp/parent/build/compile_commands.json" <<'PY' || fail "isomm's flags leaked into the parent"
import json, sys
for e in json.load(open(sys.argv[1])):
    if e["file"].endswith("/parent/convert.c") and ("-Wall" in e["command"] or "-Wextra" in e["command"]):
        sys.exit(1)
PY
"$tmp/parent/build/convert" samples/alpha-manufacturing.xlsx "$tmp/sub.xlsx" >/dev/null ||
    fail "the add_subdirectory example fails"

# A static libisomm (BUILD_SHARED_LIBS=OFF) installs and links both ways
# too: its dependencies come through Requires.private and the package.
cmake -S "$src" -B "$tmp/static" -DBUILD_SHARED_LIBS=OFF -DISOMM_TESTS=OFF \
    -DCMAKE_INSTALL_PREFIX=/usr/local >"$tmp/static.log" 2>&1 &&
    cmake --build "$tmp/static" -j2 >>"$tmp/static.log" 2>&1 &&
    DESTDIR="$tmp/sroot" cmake --install "$tmp/static" >>"$tmp/static.log" 2>&1 ||
    fail "the static build does not build or install: $(tail -5 "$tmp/static.log")"
sp="$tmp/sroot/usr/local"
[ -e "$sp/lib/libisomm.a" ] || fail "the static build installed no libisomm.a"
# shellcheck disable=SC2046
cc "$tmp/convert.c" $(PKG_CONFIG_PATH="$sp/lib/pkgconfig" pkg-config --define-variable=prefix="$sp" \
    --static --cflags --libs isomm) -o "$tmp/convert-static" ||
    fail "the example does not link statically with pkg-config --static"
"$tmp/convert-static" samples/alpha-manufacturing.xlsx "$tmp/static.xlsx" >/dev/null ||
    fail "the statically linked example fails"
cmake -S "$tmp/app" -B "$tmp/app/sbuild" -DCMAKE_PREFIX_PATH="$sp" >"$tmp/sapp.log" 2>&1 &&
    cmake --build "$tmp/app/sbuild" >>"$tmp/sapp.log" 2>&1 ||
    fail "find_package(isomm) of the static library failed: $(tail -5 "$tmp/sapp.log")"
"$tmp/app/sbuild/convert" samples/gamma-retail.xlsx "$tmp/sfp.xlsx" >/dev/null ||
    fail "the static find_package example fails"

# cpack -G DEB: a package with the command, the library and its headers.
(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1) ||
    fail "cpack -G DEB failed: $(tail -5 "$tmp/cpack.log")"
deb="$(ls "$tmp"/isomm_*.deb)"
dpkg-deb -c "$deb" >"$tmp/deb.txt"
for f in ./usr/bin/isomm ./usr/include/isomm/isomm.h ./usr/share/man/man1/isomm.1; do
    grep -q " $f\$" "$tmp/deb.txt" || fail "the .deb lacks $f"
done
grep -q ' ./usr/lib.*/libisomm.so.0' "$tmp/deb.txt" || fail "the .deb lacks libisomm.so.0"
dpkg-deb -f "$deb" Depends | grep -q libxlsxwriter4 || fail "the .deb does not depend on libxlsxwriter4"
dpkg-deb -x "$deb" "$tmp/deb"
"$tmp/deb/usr/bin/isomm" convert samples/beta-finance.xlsx -q --no-warnings -o "$tmp/deb.xlsx" ||
    fail "the packaged isomm does not convert a sample"
echo "install: staged install, pkg-config and find_package builds (shared and static), man page, add_subdirectory and .deb all work"
