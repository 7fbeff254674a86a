#!/usr/bin/env bash
# The two commands of the README, for a fresh machine as much as for every day:
#
#   bash installer/dev.sh run    # install what is missing, build, start CacheScope (headless demo without a display)
#   bash installer/dev.sh test   # install what is missing (test servers too), build, run every test
#
# Arguments after the command go to the program (run) or to ctest (test), e.g. `dev.sh test -R tst_cache`.
# Environment:
#   CACHESCOPE_PRESET=NAME   configure/build/test preset from CMakePresets.json (default: default; CI: ci)
#   CACHESCOPE_BUILD_DIR=DIR build there instead of the preset's directory
#   CACHESCOPE_SKIP_DEPS=1   do not run installer/install-deps.sh
#   CACHESCOPE_JOBS=N        parallel compile and test jobs (default: the number of CPUs)
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$src"

command=${1:-}
[ $# -gt 0 ] && shift
preset=${CACHESCOPE_PRESET:-default}
jobs=${CACHESCOPE_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}

say() { echo "dev.sh: $*"; }

usage() {
    sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

install_deps() {
    if [ "${CACHESCOPE_SKIP_DEPS:-0}" = 1 ]; then
        say "CACHESCOPE_SKIP_DEPS=1: not checking dependencies"
        return
    fi
    local status=0
    bash "$src/installer/install-deps.sh" "$@" || status=$?
    case "$status" in
        0) ;;
        3) say "continuing: this assumes the commands printed above were run once already" ;;
        *) say "installing dependencies failed (status $status)" >&2; exit "$status" ;;
    esac
}

configure_and_build() { # [--target T...]: only those targets
    local launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    if [ -n "${CACHESCOPE_BUILD_DIR:-}" ]; then
        cmake --preset "$preset" -B "$CACHESCOPE_BUILD_DIR" "${launcher[@]}"
        cmake --build "$CACHESCOPE_BUILD_DIR" --parallel "$jobs" "$@"
    else
        cmake --preset "$preset" "${launcher[@]}"
        cmake --build --preset "$preset" --parallel "$jobs" "$@"
    fi
}

# The build directory: the one given, else the preset's binaryDir (CMakePresets.json names them build, build-NAME).
build_dir() {
    if [ -n "${CACHESCOPE_BUILD_DIR:-}" ]; then
        echo "$CACHESCOPE_BUILD_DIR"
    elif [ "$preset" = default ]; then
        echo "$src/build"
    else
        echo "$src/build-$preset"
    fi
}

run_tests() {
    if [ -n "${CACHESCOPE_BUILD_DIR:-}" ]; then
        # ctest 3.25 ignores --test-dir next to --preset, so the test preset's settings are spelled out here.
        QT_QPA_PLATFORM=offscreen ctest --test-dir "$CACHESCOPE_BUILD_DIR" --output-on-failure --no-tests=error \
            --timeout 300 --parallel "$jobs" "$@"
    else
        ctest --preset "$preset" --parallel "$jobs" "$@"
    fi
}

has_display() {
    [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] || [ "$(uname -s)" = Darwin ]
}

# Without a display: the CLI's demo when it has one, else a GET of a page served from here.
run_headless() {
    local cli
    cli="$(build_dir)/app/cli/cachescope-cli"
    say "no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window: running the headless equivalent"
    if "$cli" --help 2>/dev/null | grep -qE '^  demo( |$)'; then
        say "$cli demo${*:+ $*}"
        exec "$cli" demo "$@"
    fi
    local python=python3 site log server port=""
    [ -x /usr/bin/python3 ] && python=/usr/bin/python3 # Debian's, whatever pyenv puts first on PATH
    site=$(mktemp -d "${TMPDIR:-/tmp}/cachescope-sample.XXXXXX")
    log="$site/server.log"
    printf '<!doctype html>\n<title>CacheScope sample</title>\n<p>Served by dev.sh for a first look.</p>\n' \
        > "$site/sample.html"
    "$python" -u -m http.server --bind 127.0.0.1 --directory "$site" 0 > "$log" 2>&1 &
    server=$!
    # shellcheck disable=SC2064 # expand now: these values are wanted at exit
    trap "kill $server 2>/dev/null; rm -rf '$site'" EXIT
    for _ in $(seq 50); do
        port=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
        [ -n "$port" ] && break
        sleep 0.2
    done
    if [ -z "$port" ]; then
        say "could not start a sample server with $python: $(cat "$log")" >&2
        exit 1
    fi
    say "$cli get http://127.0.0.1:$port/sample.html${*:+ $*}"
    "$cli" get "http://127.0.0.1:$port/sample.html" "$@"
}

run_app() {
    local gui
    gui="$(build_dir)/app/gui/cachescope"
    [ -d "$gui.app" ] && gui="$gui.app/Contents/MacOS/cachescope"
    if has_display; then
        say "starting $gui"
        exec "$gui" "$@"
    fi
    run_headless "$@"
}

case "$command" in
    run)
        install_deps
        configure_and_build --target cachescope cachescope-cli # not the tests: faster, and a broken test cannot stop it
        run_app "$@"
        ;;
    test)
        install_deps --for-tests
        configure_and_build
        run_tests "$@"
        ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
esac
