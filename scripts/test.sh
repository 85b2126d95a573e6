#!/usr/bin/env bash
# Runs every check CI runs, in order, and stops at the first failure:
#   system packages (Debian, as root) -> .venv with the development tools (dependency group dev) -> ruff check -> ruff format --check
#   -> mypy -> lint-imports -> pytest on tests/ inside a private Secret Service (scripts/with-secret-service)
#   -> tests/api, tests/fleet and tests/transfer again over the aiohttp transport of bulk work.
# Safe to run again: apt is skipped when the packages are there, and pip is quick when nothing changed.
# Environment: CI=true makes missing system packages an error; PYTHON picks the interpreter for the venv.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

banner() { printf '\n==> %s\n' "$*"; }
die() {
    printf 'test.sh: %s\n' "$*" >&2
    exit 1
}

is_ci=""
if [[ "${CI:-}" == "true" ]]; then is_ci=1; fi

# --- 1. System packages: the real Secret Service (gnome-keyring + D-Bus), secret-tool, tmux, and the shells
# the completion scripts are tested in (zsh, fish). Debian package -> a command it provides.
packages=(gnome-keyring dbus libsecret-tools tmux zsh fish)
commands=(gnome-keyring-daemon dbus-run-session secret-tool tmux zsh fish)

package_missing() { # $1 = package, $2 = command
    if ! command -v "$2" >/dev/null 2>&1; then return 0; fi
    if command -v dpkg-query >/dev/null 2>&1; then
        dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || return 0
    fi
    return 1
}

missing=()
for i in "${!packages[@]}"; do
    if package_missing "${packages[$i]}" "${commands[$i]}"; then missing+=("${packages[$i]}"); fi
done
# dbus-run-session alone is not enough: the wrapper also needs dbus-send (Debian: dbus-bin, pulled in by dbus).
if ! command -v dbus-send >/dev/null 2>&1 && [[ ! " ${missing[*]} " == *" dbus "* ]]; then missing+=(dbus); fi

have_secret_service=1
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        banner "apt-get install ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get -o Acquire::Retries=3 update -qq
        apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        for i in "${!packages[@]}"; do
            if package_missing "${packages[$i]}" "${commands[$i]}"; then
                die "apt-get install did not provide ${commands[$i]} (package ${packages[$i]})"
            fi
        done
    elif [[ -n "$is_ci" ]]; then
        die "missing system packages: ${missing[*]}. CI must run as root on Debian (to apt-get install them)" \
            "or have them installed beforehand."
    else
        printf 'test.sh: missing system packages: %s\n' "${missing[*]}" >&2
        printf '  Install them with: sudo apt-get install --no-install-recommends %s\n' "${missing[*]}" >&2
        printf '  Until then these tests cannot run (they skip outside CI): the keyring tests that need a real\n' >&2
        printf '  Secret Service (gnome-keyring, dbus), secret-tool checks (libsecret-tools) and the end-to-end\n' >&2
        printf '  terminal tests (tmux).\n' >&2
        for cmd in dbus-run-session dbus-send gnome-keyring-daemon; do
            command -v "$cmd" >/dev/null 2>&1 || have_secret_service=""
        done
    fi
fi

# --- 2. The project's virtualenv with the development tools (dependency group dev). ------------------------------
python="${PYTHON:-python3}"
venv="$root/.venv"
if [[ -x "$venv/bin/python" ]] && ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    banner "recreating the broken virtualenv .venv"
    rm -rf "$venv"
fi
if [[ ! -x "$venv/bin/python" ]]; then
    banner "creating .venv with $python"
    if ! "$python" -m venv "$venv"; then
        rm -rf "$venv"
        if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
            # Debian's own python3 needs python3-venv for ensurepip.
            DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 install -y -qq \
                --no-install-recommends python3-venv >/dev/null
            "$python" -m venv "$venv"
        else
            die "'$python -m venv' failed (Debian: install python3-venv)"
        fi
    fi
fi
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

banner "pip install -e . --group dev into .venv"
python -m pip install --quiet --upgrade pip  # dependency groups (PEP 735) need pip 25.1 or newer
python -m pip install --quiet -e . --group dev

# --- 3. Static checks. ---------------------------------------------------------------------------------------
banner "ruff check ."
ruff check .

banner "ruff format --check ."
ruff format --check .

banner "mypy (strict, the whole package)"
mypy

banner "lint-imports (import-layer contracts in pyproject.toml)"
lint-imports

# --- 4. The test suite, against a real Secret Service. -------------------------------------------------------
pytest_args=(-m pytest tests -ra -p no:cacheprovider)
rc=0
if [[ -n "$have_secret_service" ]]; then
    banner "pytest tests/ (inside scripts/with-secret-service)"
    scripts/with-secret-service python "${pytest_args[@]}" || rc=$?
else
    banner "pytest tests/ (no Secret Service: keyring tests skip)"
    python "${pytest_args[@]}" || rc=$?
fi
if [[ $rc -eq 5 ]]; then
    die "pytest collected no tests (exit code 5): that counts as a failure."
elif [[ $rc -ne 0 ]]; then
    die "pytest failed (exit code $rc)."
fi

# --- 5. The service layer, the fleet and the import again over aiohttp, the transport their bulk work uses -------
# (~20 s): the same errors and results. The fleet's rotation tests need the keyring, so the same Secret Service.
aiohttp_args=(-m pytest tests/api tests/fleet tests/transfer -q -p no:cacheprovider --http-transport=aiohttp)
banner "pytest tests/api tests/fleet tests/transfer --http-transport=aiohttp"
if [[ -n "$have_secret_service" ]]; then
    scripts/with-secret-service python "${aiohttp_args[@]}" || rc=$?
else
    python "${aiohttp_args[@]}" || rc=$?
fi
[[ $rc -eq 0 ]] || die "tests/api, tests/fleet or tests/transfer failed over the aiohttp transport."
printf '\ntest.sh: all checks passed.\n'
