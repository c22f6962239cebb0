#!/bin/sh
# os_errors.sh - outputs into a full file system, a read-only one, a folder
# the user may not write to, and past a file size limit: every writer
# (convert xlsx/json, group xlsx/csv/json) fails with exit 1, a message
# naming the output and the operating system's cause, and leaves nothing
# behind (docs/cli.md, Safety). The file systems are tmpfs mounts in a
# private mount namespace: this needs root, and fails (never skips)
# without it.
set -eu
bin="${ISOMM_BIN:?run through ctest}"
if [ "${1:-}" != inner ]; then
    if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null || ! command -v setpriv >/dev/null; then
        echo "os_errors.sh: needs root, unshare and setpriv (util-linux) to mount test file systems" >&2
        exit 1
    fi
    exec unshare -m --propagation private sh "$0" inner
fi

t=$(mktemp -d /tmp/isomm-oserr-XXXXXX)
cleanup() {
    umount "$t/full" "$t/ro" 2>/dev/null || true
    rm -rf "$t"
}
trap cleanup EXIT
chmod 755 "$t"
cp samples/alpha-manufacturing.xlsx "$t/a.xlsx"
cp samples/beta-finance.xlsx "$t/b.xlsx"
chmod 644 "$t/a.xlsx" "$t/b.xlsx"
# The user nobody may not enter a build tree in root's home (a clean clone
# in /root/src): it runs a copy of the program and of its shared library.
mkdir "$t/bin"
cp "$bin" "$t/bin/isomm"
lib=$(ldd "$bin" | sed -n 's/.*libisomm\.so\.[0-9]* => \([^ ]*\).*/\1/p')
[ -z "$lib" ] || cp "$lib" "$t/bin/"
chmod -R a+rX "$t/bin"
failed=0

# expect STATUS NEEDLE [run-as-nobody|-] ARGS...: isomm exits with STATUS
# and its stderr holds NEEDLE.
expect() {
    want="$1" needle="$2" who="$3"
    shift 3
    status=0
    if [ "$who" = nobody ]; then
        LD_LIBRARY_PATH="$t/bin" setpriv --reuid=65534 --regid=65534 --clear-groups \
            "$t/bin/isomm" "$@" 2>"$t/err" || status=$?
    else
        "$bin" "$@" 2>"$t/err" || status=$?
    fi
    if [ "$status" != "$want" ] || ! grep -qF -- "$needle" "$t/err"; then
        echo "FAIL: isomm $*: exit $status (want $want), stderr:" >&2
        cat "$t/err" >&2
        echo "  wanted: $needle" >&2
        failed=1
    fi
}

# empty FOLDER: nothing left behind (no output, no temporary).
empty() {
    if [ -n "$(ls -A "$1")" ]; then
        echo "FAIL: left behind in $1:" >&2
        ls -la "$1" >&2
        failed=1
    fi
}

# every_writer DIR CAUSE [who]: the five writers into DIR fail with CAUSE.
every_writer() {
    d="$1" cause="$2" who="${3:--}"
    expect 1 "$d/x.xlsx: $4$cause" "$who" convert "$t/a.xlsx" -o "$d/x.xlsx" -q
    expect 1 "$d/x.json: $5$cause" "$who" convert "$t/a.xlsx" -o "$d/x.json" --format json -q
    expect 1 "$d/g.xlsx: $4$cause" "$who" group "$t/a.xlsx" "$t/b.xlsx" -o "$d/g.xlsx" -q
    expect 1 "$d/g.csv: $5$cause" "$who" group "$t/a.xlsx" "$t/b.xlsx" -o "$d/g.csv" --format csv -q
    expect 1 "$d/g.json: $5$cause" "$who" group "$t/a.xlsx" "$t/b.xlsx" -o "$d/g.json" --format json -q
    empty "$d"
}

# A full file system: one page of tmpfs.
mkdir "$t/full"
mount -t tmpfs -o size=4k tmpfs "$t/full"
every_writer "$t/full" "No space left on device" - "cannot write workbook: " "cannot write: "
# A batch into it: each output named, the summary counts them.
expect 1 "2 files: 0 converted (0 with warnings), 2 failed" - convert "$t/a.xlsx" "$t/b.xlsx" -d "$t/full" -q
expect 1 "$t/full/a-portfolio.xlsx: cannot write workbook: No space left on device" - \
    convert "$t/a.xlsx" "$t/b.xlsx" -d "$t/full" -q
empty "$t/full"

# A read-only file system.
mkdir "$t/ro"
mount -t tmpfs -o ro tmpfs "$t/ro"
every_writer "$t/ro" "Read-only file system" - "cannot create a temporary file in its folder: " \
    "cannot create a temporary file in its folder: "

# A folder only root may write to, isomm run as nobody.
mkdir "$t/locked"
chmod 755 "$t/locked"
every_writer "$t/locked" "Permission denied" nobody "cannot create a temporary file in its folder: " \
    "cannot create a temporary file in its folder: "

# A file size limit of 4 KiB (ulimit -f counts 512-byte blocks): EFBIG.
mkdir "$t/big"
(
    ulimit -f 8
    every_writer "$t/big" "File too large" - "cannot write workbook: " "cannot write: "
    [ "$failed" = 0 ]
) || failed=1

if [ "$failed" != 0 ]; then
    echo "os_errors.sh: FAILED" >&2
    exit 1
fi
echo "os_errors.sh: full, read-only, forbidden and size-limited outputs named; nothing left behind"
