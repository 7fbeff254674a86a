#!/usr/bin/env bash
# Installs what building CacheScope needs, and with --for-tests the programs the integration tests start.
#
#   bash installer/install-deps.sh                 # compiler, CMake, Ninja, Qt 6 (+ KSyntaxHighlighting if packaged)
#   bash installer/install-deps.sh --for-tests     # ... plus nginx, apache2, httpbin, curl, Xvfb
#   bash installer/install-deps.sh --dry-run       # say what would be installed, change nothing
#   bash installer/install-deps.sh --print fedora  # the commands for another platform (debian, fedora, arch, macos, windows)
#
# Debian and Ubuntu: installs only the packages that are missing (so a second run installs nothing), as root or
# through sudo. Services the test packages would start (nginx and apache2 on port 80) are kept from starting
# and disabled: the tests start private instances on free ports.
# Fedora, Arch, macOS and Windows: prints the commands to run and exits with status 3 (nothing is executed).
#
# Environment: CACHESCOPE_APT_UPDATED=1 skips `apt-get update` (the caller just ran it);
#              CACHESCOPE_PLATFORM overrides the platform detection (debian, fedora, arch, macos, windows).
set -euo pipefail

EXIT_PRINTED=3 # the platform's commands were printed, not run

for_tests=0
dry_run=0
print_platform=

usage() { sed -n '2,16s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --for-tests | --with-test-servers) for_tests=1 ;;
        --dry-run) dry_run=1 ;;
        --print)
            [ $# -ge 2 ] || { echo "install-deps: --print needs a platform name" >&2; exit 2; }
            print_platform=$2
            shift
            ;;
        -h | --help) usage; exit 0 ;;
        *) echo "install-deps: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

say() { echo "install-deps: $*"; }

detect_platform() {
    if [ -n "${CACHESCOPE_PLATFORM:-}" ]; then
        echo "$CACHESCOPE_PLATFORM"
        return
    fi
    case "$(uname -s)" in
        Darwin) echo macos; return ;;
        MINGW* | MSYS* | CYGWIN*) echo windows; return ;;
    esac
    local id="" like=""
    if [ -r /etc/os-release ]; then
        id=$(. /etc/os-release && echo "${ID:-}")
        like=$(. /etc/os-release && echo "${ID_LIKE:-}")
    fi
    case " $id $like " in
        *" debian "* | *" ubuntu "*) echo debian ;;
        *" fedora "* | *" rhel "*) echo fedora ;;
        *" arch "*) echo arch ;;
        *) echo "unknown:${id:-unknown}" ;;
    esac
}

# ---------------------------------------------------------------------------------------------------------------
# Other platforms: printed, never executed (we cannot test them here; the package names are the distributions').

print_fedora() {
    cat <<'EOF'
# Fedora 40 or newer (Qt 6.6+):
sudo dnf install -y cmake ninja-build gcc-c++ pkgconf-pkg-config ccache zlib-devel \
    qt6-qtbase-devel qt6-qthttpserver-devel qt6-qtwebsockets-devel mesa-libGL-devel vulkan-headers \
    kf6-syntax-highlighting-devel
EOF
    [ "$for_tests" = 1 ] && cat <<'EOF'
# test servers and tools:
sudo dnf install -y nginx httpd python3-httpbin curl gzip xorg-x11-server-Xvfb xauth
sudo systemctl disable --now nginx httpd   # the tests start their own instances on free ports
EOF
    return 0
}

print_arch() {
    cat <<'EOF'
# Arch Linux:
sudo pacman -S --needed cmake ninja gcc pkgconf ccache zlib qt6-base qt6-httpserver qt6-websockets \
    vulkan-headers syntax-highlighting
EOF
    [ "$for_tests" = 1 ] && cat <<'EOF'
# test servers and tools; httpbin from PyPI in a virtualenv, which the tests use through CACHESCOPE_TEST_PYTHON:
sudo pacman -S --needed nginx apache python curl gzip xorg-server-xvfb xorg-xauth
python -m venv ~/.local/cachescope-httpbin && ~/.local/cachescope-httpbin/bin/pip install httpbin
export CACHESCOPE_TEST_PYTHON=~/.local/cachescope-httpbin/bin/python
EOF
    return 0
}

print_macos() {
    cat <<'EOF'
# macOS with Homebrew (https://brew.sh); Xcode command line tools provide the compiler (xcode-select --install):
brew install cmake ninja ccache pkgconf qt
# configure with Homebrew's Qt (KSyntaxHighlighting is not in Homebrew: highlighting stays off):
cmake --preset default -DCMAKE_PREFIX_PATH="$(brew --prefix qt)" -DCACHESCOPE_SYNTAX_HIGHLIGHTING=OFF
EOF
    [ "$for_tests" = 1 ] && cat <<'EOF'
# test servers (Homebrew does not start them unless you run `brew services start`); httpbin from PyPI in a
# virtualenv, which the tests use through CACHESCOPE_TEST_PYTHON:
brew install nginx httpd python
python3 -m venv ~/.local/cachescope-httpbin && ~/.local/cachescope-httpbin/bin/pip install httpbin
export CACHESCOPE_TEST_PYTHON=~/.local/cachescope-httpbin/bin/python
EOF
    return 0
}

print_windows() {
    cat <<'EOF'
# Windows, either with the Qt online installer (https://www.qt.io/download-qt-installer):
#   select Qt 6.8 > MinGW 13 64-bit (or MSVC 2022 64-bit), and under Additional Libraries:
#   Qt HTTP Server and Qt WebSockets; under Developer and Designer Tools: CMake and Ninja. Then, from the
#   "Qt 6.8 (MinGW) command prompt":
cmake --preset default -DCMAKE_PREFIX_PATH=C:\Qt\6.8.3\mingw_64
cmake --build --preset default
# or with vcpkg (https://vcpkg.io), from a Developer PowerShell for Visual Studio 2022:
vcpkg install qtbase[core,gui,widgets,network,sql-sqlite,testlib] qthttpserver qtwebsockets zlib
cmake --preset default -DCMAKE_TOOLCHAIN_FILE=%VCPKG_ROOT%\scripts\buildsystems\vcpkg.cmake
EOF
    [ "$for_tests" = 1 ] && cat <<'EOF'
# The integration tests skip nginx/apache/httpbin when they are absent (outside CI); to run them,
# put nginx.exe and Apache's httpd.exe on PATH, `py -m venv %USERPROFILE%\cachescope-httpbin`, install httpbin
# into it with its pip, and set CACHESCOPE_TEST_PYTHON to its python.exe.
EOF
    return 0
}

print_debian() {
    echo "# Debian 12+ / Ubuntu 23.04+ (this script does it for you):"
    echo "sudo apt-get update"
    echo "sudo apt-get install --no-install-recommends ${build_packages[*]}"
    [ "$for_tests" = 1 ] && echo "sudo apt-get install --no-install-recommends ${test_packages[*]//|*/}"
    return 0
}

# ---------------------------------------------------------------------------------------------------------------
# Debian and Ubuntu.

# Qt 6.4's qt6-httpserver-dev forgets to depend on qt6-websockets-dev, hence both. zlib: core links ZLIB.
build_packages=(cmake ninja-build g++ pkg-config ccache qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev
    qt6-websockets-dev libqt6sql6-sqlite libgl-dev libvulkan-dev zlib1g-dev fonts-dejavu-core)
# Installed together when the distribution has the first (Debian 13, Ubuntu 24.10): CACHESCOPE_SYNTAX_HIGHLIGHTING=AUTO
# then finds it. Debian 12 has extra-cmake-modules but no KF6, so the group is skipped there.
optional_packages=(libkf6syntaxhighlighting-dev extra-cmake-modules)
# "a|b": the first is preferred, any of them counts as installed (nginx-light is gone from newer releases).
test_packages=("nginx-light|nginx|nginx-core|nginx-full" apache2 python3 python3-httpbin python3-flask curl gzip
    xvfb xauth file dpkg-dev)
# Services those packages register, stopped and disabled when this script installed them.
test_services=(nginx apache2 apache-htcacheclean)

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
has_candidate() {
    local candidate
    candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')
    [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

# Prints the packages of the list that are missing, one a line; for "a|b" the first one that can be installed.
missing_from() {
    local entry alternative chosen
    for entry in "$@"; do
        chosen=
        IFS='|' read -r -a alternatives <<<"$entry"
        for alternative in "${alternatives[@]}"; do
            if is_installed "$alternative"; then
                chosen=installed
                break
            fi
        done
        [ "$chosen" = installed ] && continue
        for alternative in "${alternatives[@]}"; do
            if has_candidate "$alternative"; then
                chosen=$alternative
                break
            fi
        done
        echo "${chosen:-${alternatives[0]}}"
    done
}

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        say "need root to install packages: run as root, or install sudo" >&2
        exit 1
    fi
}

apt_get() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" </dev/null; }

# Keeps package scripts from starting services while we install (the Docker way). Removed again on exit
# unless one was there before, which we leave alone.
policy_created=0
block_service_starts() {
    [ -e /usr/sbin/policy-rc.d ] && return
    as_root sh -c 'printf "#!/bin/sh\n# cachescope install-deps.sh: no service starts during the install\nexit 101\n" \
        > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
    policy_created=1
}
unblock_service_starts() {
    if [ "$policy_created" = 1 ]; then
        as_root rm -f /usr/sbin/policy-rc.d
        policy_created=0
    fi
}
trap unblock_service_starts EXIT

# The services were installed for the tests only: stop them if they run anyway, and keep them off at boot.
quiet_services() {
    local service
    for service in "${test_services[@]}"; do
        [ -e "/lib/systemd/system/$service.service" ] || [ -e "/etc/init.d/$service" ] || continue
        if [ -d /run/systemd/system ]; then
            as_root systemctl disable --now "$service" >/dev/null 2>&1 || true
        else
            as_root service "$service" stop >/dev/null 2>&1 || true
            command -v update-rc.d >/dev/null && { as_root update-rc.d "$service" disable >/dev/null 2>&1 || true; }
        fi
        say "stopped and disabled the system service '$service' (tests start their own servers on free ports)"
    done
}

install_debian() {
    local wanted=("${build_packages[@]}")
    [ "$for_tests" = 1 ] && wanted+=("${test_packages[@]}")

    local missing optional_missing=() package
    mapfile -t missing < <(missing_from "${wanted[@]}")
    if [ "${#missing[@]}" -gt 0 ] && [ "$dry_run" = 0 ] && [ "${CACHESCOPE_APT_UPDATED:-0}" != 1 ]; then
        say "updating the package lists (apt-get update)"
        apt_get update -q >/dev/null
    fi
    # Candidates are only known after the update: choose the alternatives again.
    [ "${#missing[@]}" -gt 0 ] && mapfile -t missing < <(missing_from "${wanted[@]}")
    if is_installed "${optional_packages[0]}" || has_candidate "${optional_packages[0]}"; then
        for package in "${optional_packages[@]}"; do
            is_installed "$package" || optional_missing+=("$package")
        done
    fi
    missing+=("${optional_missing[@]}")

    if [ "${#missing[@]}" = 0 ]; then
        say "everything is installed already (${#wanted[@]} packages checked)"
        return 0
    fi
    local unavailable=()
    for package in "${missing[@]}"; do
        has_candidate "$package" || unavailable+=("$package")
    done
    if [ "${#unavailable[@]}" -gt 0 ] && [ "$dry_run" = 0 ]; then
        say "these packages are not available from the configured apt sources: ${unavailable[*]}" >&2
        say "CacheScope needs Qt 6.4 or newer: Debian 12+, Ubuntu 23.04+ (universe enabled for python3-httpbin)" >&2
        exit 1
    fi
    if [ "$dry_run" = 1 ]; then
        say "would install: ${missing[*]}"
        return 0
    fi

    say "installing ${#missing[@]} packages: ${missing[*]}"
    block_service_starts
    apt_get install -y -q --no-install-recommends "${missing[@]}"
    unblock_service_starts
    local newly_installed_servers=0
    for package in "${missing[@]}"; do
        case "$package" in nginx* | apache2) newly_installed_servers=1 ;; esac
    done
    [ "$newly_installed_servers" = 1 ] && quiet_services
    say "done"
}

platform=${print_platform:-$(detect_platform)}
case "$platform" in
    debian)
        if [ -n "$print_platform" ]; then
            print_debian
            exit 0
        fi
        install_debian
        ;;
    fedora | arch | macos | windows)
        "print_$platform"
        if [ -z "$print_platform" ]; then
            echo
            say "$platform: run the commands above yourself (this script installs packages on Debian and Ubuntu only)."
            say "They are also in README.md, section \"Other platforms\"."
            exit "$EXIT_PRINTED"
        fi
        ;;
    *)
        say "unsupported platform '$platform'." >&2
        say "Install a C++20 compiler, CMake 3.25+, Ninja and Qt 6.4+ (Core, Network, Sql+SQLite, HttpServer," >&2
        say "Widgets, Test) yourself; see README.md, \"Build from source\". Or try: --print debian|fedora|arch|macos|windows" >&2
        exit "$EXIT_PRINTED"
        ;;
esac
