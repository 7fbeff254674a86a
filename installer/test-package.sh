#!/usr/bin/env bash
# Builds CacheScope's Debian package and proves it on a clean system: installs it into a fresh Debian root
# of the release it was built for, runs the installed programs, purges it, and checks nothing is left.
#
#   bash installer/test-package.sh             # Debian 12: build here ("package" preset), test in a bookworm root
#   bash installer/test-package.sh debian13    # build in the Debian 13 root (installer/debian13-root.sh),
#                                              # test in a fresh trixie root
#
# Checks: the package holds the programs, desktop file, metainfo, icons, man page and copyright; its
# dependencies were computed (dpkg-shlibdeps); the desktop file and metainfo validate; in the fresh root,
# `apt-get install ./cachescope_*.deb` pulls everything needed, then `cachescope-cli --version`,
# `cachescope-cli demo` and `cachescope --screenshot` (offscreen) work from /usr/bin; `apt-get purge
# --autoremove` leaves no file of the package and nothing else behind outside apt's own records.
# Runs as root (debootstrap, chroot). A pristine root per release is cached as a tarball in
# $CACHESCOPE_PRISTINE_DIR (default /var/tmp); each test unpacks a fresh copy and deletes it afterwards.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
flavour=${1:-native}
case "$flavour" in
    native) release=bookworm preset=package ;;
    debian13) release=trixie preset=package-debian13 ;;
    *) echo "usage: $0 [native|debian13]" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "test-package.sh: must run as root (debootstrap and chroot)" >&2; exit 1; }

# Private mounts, gone with this process even if it is killed (as in debian13-root.sh).
if [ -z "${CACHESCOPE_PKG_UNSHARED:-}" ] && command -v unshare >/dev/null \
    && unshare --mount --propagation private true 2>/dev/null; then
    CACHESCOPE_PKG_UNSHARED=1 exec unshare --mount --propagation private bash "${BASH_SOURCE[0]}" "$@"
fi

say() { echo "test-package($flavour): $*"; }
fail() { echo "test-package($flavour): FAILED: $*" >&2; exit 1; }

pristine_dir=${CACHESCOPE_PRISTINE_DIR:-/var/tmp}
mirror=${CACHESCOPE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d /var/tmp/cachescope-pkgtest.XXXXXX)
root="$work/root"
mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# ---- 1. build the package -----------------------------------------------------------------------------------
if [ "$flavour" = native ]; then
    CACHESCOPE_APT_UPDATED=${CACHESCOPE_APT_UPDATED:-0} bash "$src/installer/install-deps.sh"
    missing=()
    for tool in debootstrap dpkg-shlibdeps appstreamcli desktop-file-validate; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing debootstrap dpkg-dev appstream desktop-file-utils (missing: ${missing[*]})"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap dpkg-dev appstream desktop-file-utils >/dev/null
    fi
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    (cd "$src" && cmake --preset "$preset" "${launcher[@]}" >/dev/null && cmake --build --preset "$preset" \
        && cd "build-$preset" && cpack -G DEB)
    in_build_env() { (cd "$src" && "$@"); }
else
    command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    bash "$src/installer/debian13-root.sh" run bash -c "cmake --preset $preset -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
        >/dev/null && cmake --build --preset $preset && cd build-$preset && cpack -G DEB"
    in_build_env() { bash "$src/installer/debian13-root.sh" run "$@"; }
fi
deb=$(ls -t "$src/build-$preset"/cachescope_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack made no .deb in build-$preset"
say "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# ---- 2. what the package holds --------------------------------------------------------------------------------
contents=$(dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|')
for path in /usr/bin/cachescope /usr/bin/cachescope-cli \
    /usr/share/applications/org.cachescope.CacheScope.desktop \
    /usr/share/metainfo/org.cachescope.CacheScope.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/org.cachescope.CacheScope.svg \
    /usr/share/icons/hicolor/48x48/apps/org.cachescope.CacheScope.png \
    /usr/share/icons/hicolor/256x256/apps/org.cachescope.CacheScope.png \
    /usr/share/man/man1/cachescope-cli.1.gz /usr/share/doc/cachescope/copyright; do
    grep -qxF "$path" <<<"$contents" || fail "the package lacks $path"
done
depends=$(dpkg-deb -f "$deb" Depends)
for dependency in libqt6core6 libqt6widgets6 libqt6network6 libqt6sql6 libqt6sql6-sqlite; do
    grep -q "$dependency" <<<"$depends" || fail "Depends lacks $dependency (shlibdeps?): $depends"
done
say "contents and dependencies look right: $depends"
rel_deb=${deb#"$src"/}
in_build_env bash -c "set -e; d=\$(mktemp -d); dpkg-deb -x '$rel_deb' \"\$d\"; \
    desktop-file-validate \"\$d/usr/share/applications/org.cachescope.CacheScope.desktop\"; \
    appstreamcli validate --no-net --pedantic \"\$d/usr/share/metainfo/org.cachescope.CacheScope.metainfo.xml\"; \
    rm -rf \"\$d\""
say "desktop file and metainfo validate"

# ---- 3. a fresh root of the same release --------------------------------------------------------------------------
pristine="$pristine_dir/cachescope-pristine-$release.tar"
if [ ! -s "$pristine" ]; then
    say "creating a pristine $release root (debootstrap minbase), cached as $pristine"
    debootstrap --variant=minbase "$release" "$work/pristine" "$mirror" >/dev/null
    tar -C "$work/pristine" -cf "$pristine.partial" . && mv "$pristine.partial" "$pristine"
    rm -rf --one-file-system "$work/pristine"
fi
mkdir -p "$root"
tar -C "$root" -xf "$pristine"
bind() { mkdir -p "$2"; mount --bind "$1" "$2"; mounted+=("$2"); }
bind /proc "$root/proc"
bind /dev "$root/dev"
bind /dev/pts "$root/dev/pts"
bind /sys "$root/sys"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
in_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq

# Everything on the root's file system, apart from what apt, dpkg and the programs' own user data change.
snapshot() {
    (cd "$root" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./tmp -o -path ./root \
        -o -path ./var/lib/apt -o -path ./var/lib/dpkg -o -path ./var/cache -o -path ./var/log -o -path ./run \
        -o -path ./var/lib/systemd/deb-systemd-helper-enabled \) -prune -o -print | LC_ALL=C sort)
}
snapshot >"$work/before.txt"

# ---- 4. install, run, purge -------------------------------------------------------------------------------------
cp "$deb" "$root/tmp/"
say "installing $(basename "$deb") and its dependencies into the fresh root"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >/dev/null
in_root dpkg -L cachescope >"$work/files.txt"

version=$(in_root /usr/bin/cachescope-cli --version)
grep -q '0\.' <<<"$version" || fail "cachescope-cli --version printed '$version'"
say "installed cachescope-cli --version: $version"
in_root /usr/bin/cachescope-cli demo >"$work/demo.txt" || { cat "$work/demo.txt"; fail "cachescope-cli demo failed"; }
grep -q 'Summary: 5 requests' "$work/demo.txt" || { cat "$work/demo.txt"; fail "cachescope-cli demo printed no summary"; }
say "installed cachescope-cli demo: $(grep 'Summary' "$work/demo.txt")"
in_root env QT_QPA_PLATFORM=offscreen /usr/bin/cachescope --screenshot /tmp/window.png \
    || fail "cachescope --screenshot failed"
[ "$(head -c 8 "$root/tmp/window.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] \
    || fail "cachescope --screenshot wrote no PNG"
say "installed cachescope --screenshot: $(du -h "$root/tmp/window.png" | cut -f1) PNG"

in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq --autoremove cachescope >/dev/null
in_root dpkg -s cachescope >/dev/null 2>&1 && fail "dpkg still knows cachescope after the purge"
left=()
while IFS= read -r path; do
    [ -f "$root$path" ] || [ -L "$root$path" ] && left+=("$path")
done <"$work/files.txt"
[ ${#left[@]} -eq 0 ] || fail "files left after purge: ${left[*]}"
snapshot >"$work/after.txt"
# Paths that appeared are fine only when a package still installed owns them: apt's autoremove keeps
# dependencies that a base package recommends (Debian 13 keeps libidn2-0 that way). Anything unowned, and
# anything that disappeared, is a leftover of ours.
grep '^> ' <(diff "$work/before.txt" "$work/after.txt") | cut -c3- >"$work/appeared.txt" || true
grep '^< ' <(diff "$work/before.txt" "$work/after.txt") | cut -c3- >"$work/gone.txt" || true
[ -s "$work/gone.txt" ] && { cat "$work/gone.txt" >&2; fail "files of the clean root are gone after the purge (above)"; }
unowned=()
kept=()
while IFS= read -r path; do
    if owner=$(in_root dpkg-query -S "${path#.}" 2>/dev/null); then
        kept+=("${owner%%:*}")
    else
        unowned+=("$path")
    fi
done <"$work/appeared.txt"
[ ${#unowned[@]} -eq 0 ] || fail "left behind after the purge, owned by no package: ${unowned[*]}"
if [ ${#kept[@]} -gt 0 ]; then
    say "apt's autoremove kept these packages (still owned, so not ours to remove): $(printf '%s\n' "${kept[@]}" | sort -u | tr '\n' ' ')"
fi
say "purged: no file of the package and nothing else left behind"
say "passed"
