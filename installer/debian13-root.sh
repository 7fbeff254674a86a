#!/usr/bin/env bash
# Builds and tests CacheScope inside a Debian 13 (trixie) root: Qt 6.8 and KSyntaxHighlighting (KF6),
# neither of which Debian 12 has. CI uses it; so can a developer:
#
#   bash installer/debian13-root.sh            # create/reuse the root, build, run the tests
#   bash installer/debian13-root.sh shell      # an interactive shell in the root, the source at /src
#   bash installer/debian13-root.sh run CMD..  # any command in the root, from /src
#
# The root lives in $CACHESCOPE_TRIXIE_ROOT (default /var/tmp/cachescope-trixie) and is reused when a
# previous run completed it. Whatever this script mounts is unmounted on exit, even when a step fails.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=${CACHESCOPE_TRIXIE_ROOT:-/var/tmp/cachescope-trixie}
stamp="$root/.cachescope-root-complete"
# Packages the root needs; changing this list makes the next run update the root.
packages=(ca-certificates cmake ninja-build g++ pkg-config qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev
    qt6-websockets-dev libqt6sql6-sqlite libgl-dev libvulkan-dev libkf6syntaxhighlighting-dev extra-cmake-modules
    nginx-light apache2 python3 python3-httpbin curl gzip xauth xvfb fonts-dejavu-core file dpkg-dev
    appstream desktop-file-utils zlib1g-dev ccache)

need_root() { [ "$(id -u)" = 0 ] || { echo "debian13-root.sh: must run as root (debootstrap and chroot)" >&2; exit 1; }; }
need_root

# Mount in a private mount namespace where possible: the mounts are then invisible to everyone else (two runs
# at once do not stack their /src on each other) and vanish with this process, even if it is killed.
if [ -z "${CACHESCOPE_ROOT_UNSHARED:-}" ] && command -v unshare >/dev/null \
    && unshare --mount --propagation private true 2>/dev/null; then
    CACHESCOPE_ROOT_UNSHARED=1 exec unshare --mount --propagation private bash "${BASH_SOURCE[0]}" "$@"
fi

mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount -l "${mounted[$i]}" 2>/dev/null || true
    done
}
trap cleanup EXIT

bind() { # bind SOURCE TARGET
    mkdir -p "$2"
    mount --bind "$1" "$2"
    mounted+=("$2")
}

ensure_root() {
    local want
    want=$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-16)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "debian13-root: reusing $root"
        return
    fi
    if ! command -v debootstrap >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    fi
    if [ ! -x "$root/usr/bin/apt-get" ]; then
        echo "debian13-root: creating $root with debootstrap (minbase trixie)"
        rm -rf "$root"
        mkdir -p "$root"
        debootstrap --variant=minbase trixie "$root" "${CACHESCOPE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
    fi
    mount_system
    echo "debian13-root: installing ${#packages[@]} packages"
    # Services must not start inside the root: the tests start their own servers.
    printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
    chmod +x "$root/usr/sbin/policy-rc.d"
    chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    echo "$want" > "$stamp"
}

systems_mounted=0
mount_system() {
    [ "$systems_mounted" = 1 ] && return
    cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    bind /proc "$root/proc"
    bind /dev "$root/dev"
    bind /dev/pts "$root/dev/pts"
    bind /sys "$root/sys"
    bind "$src" "$root/src"
    systems_mounted=1
}

in_root() { # run a command in the root, from /src
    mount_system
    chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        TERM="${TERM:-dumb}" CI="${CI:-}" CACHESCOPE_FOREIGN_ROOT=1 CCACHE_DIR=/var/cache/cachescope-ccache \
        /bin/bash -c 'cd /src && "$@"' bash "$@"
}

ensure_root
case "${1:-test}" in
    prepare) ;;
    shell) in_root /bin/bash -i ;;
    run) shift; in_root "$@" ;;
    test)
        # ccache's cache lives in the root and /src never moves, so a second run recompiles only what changed.
        in_root cmake --preset debian13 -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
        in_root cmake --build --preset debian13
        in_root ctest --preset debian13
        ;;
    *) echo "usage: $0 [test|prepare|shell|run CMD...]" >&2; exit 2 ;;
esac
