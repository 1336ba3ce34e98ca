#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs the real DICOM peers and tools the tests drive
# (DCMTK, pynetdicom/pydicom, tmux, openssl, ncurses), then runs every Swift test and a 60 s soak run.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

need_apt=""
for pkg in dcmtk tmux openssl libncurses-dev; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt="$need_apt $pkg"
done
if [ -n "$need_apt" ]; then
    echo "installing Debian packages:$need_apt"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need_apt >/dev/null
fi

python3 -c "import pynetdicom, pydicom" 2>/dev/null || {
    echo "installing Python packages: pynetdicom pydicom"
    python3 -m pip install -q pynetdicom pydicom
}

# Two test processes, one after the other. The codec, data set, contract and front tests are CPU-bound and
# synchronous: in the same process they would hold both threads of the cooperative pool (one per core) for a minute of
# a debug build, starving the tests that talk to real peers against wall-clock deadlines. So those run first, then
# the ones with sockets, processes and timers (the engine, test support, the front's back-pressure and tmux runs).
# Arguments (for example `--filter X`) run one `swift test` with them instead.
timed='AssociationEngineTests\.|TestSupportTests\.|EndToEnd|FrontBackPressure'
if [ $# -gt 0 ]; then
    swift test "$@"
else
    swift test --skip "$timed"
    swift test --skip-build --filter "$timed"
fi

# One minute of mixed traffic against the debug build `swift test` just made (no release build: the whole command
# stays well under 15 minutes on 2 cores); `scripts/soak.sh` alone runs 600 s on a release build.
scripts/soak.sh --duration 60 --debug

# Fuzzing (opt-in): FUZZ_SECONDS=N runs every libFuzzer target of Fuzz/ for N seconds each after the tests pass.
# The sanitizer build goes to .build-fuzz (about 8 min the first time on 2 cores, seconds after).
fuzz_seconds=${FUZZ_SECONDS:-0}
if [ "$fuzz_seconds" != 0 ]; then
    scripts/fuzz.sh all "$fuzz_seconds"
fi
