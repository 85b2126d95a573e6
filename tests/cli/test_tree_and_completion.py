"""One command tree: `remotes-tui --help` lists every group of `tree.COMMANDS`, each group answers `--help`, and
the generated bash, zsh and fish completions know every command, alias and flag (run in the real shells)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from remotes_tui.cli.completion import collect, script
from remotes_tui.cli.tree import COMMANDS
from remotes_tui.profiles import Profile, ProfileStore
from tests.support.ci import IN_CI

REPO = Path(__file__).resolve().parents[2]


def run_cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "remotes_tui", *argv],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_tuis_help_lists_every_command_group() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert f"remotes-tui {command.name} ..." in result.stdout and command.summary in result.stdout


@pytest.mark.parametrize("name", [command.name for command in COMMANDS])
def test_every_group_answers_help(name: str) -> None:
    result = run_cli(name, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: remotes-tui {name}")


def test_remote_help_documents_the_exit_codes() -> None:
    for argv in (("remote", "--help"), ("remote", "import", "--help")):
        out = run_cli(*argv).stdout
        assert "exit codes:" in out and "3    not found" in out and "2    usage" in out


def test_unknown_commands_and_misplaced_options_are_usage_errors() -> None:
    unknown = run_cli("frobnicate")
    assert unknown.returncode == 2 and "invalid choice: 'frobnicate'" in unknown.stderr
    misplaced = run_cli("--read-only", "remote", "list")
    assert misplaced.returncode == 2 and "put the command first" in misplaced.stderr


def test_profile_list_names_is_one_name_a_line(profile_store: ProfileStore, tmp_path: Path) -> None:
    for name in ("edge-1", "central"):
        profile_store.add(Profile(name=name, url="http://localhost:8086", org="o"))
    env = {**os.environ, "REMOTES_TUI_CONFIG_DIR": str(profile_store.path.parent)}
    assert run_cli("profile", "list", "--names", env=env).stdout == "central\nedge-1\n"


def test_the_tree_walk_knows_flags_values_and_aliases() -> None:
    nodes = {node.path: node for node in collect()}
    assert set(nodes[""].commands) == {command.name for command in COMMANDS}
    assert {"list", "ls", "find", "get", "create", "update", "delete", "rm", "export", "import"} <= set(
        nodes["remote"].commands
    )
    create = {flag: option for option in nodes["remote create"].options for flag in option.flags}
    assert create["--name"].value == "text" and create["--ca-file"].value == "file"
    assert create["--profile"].value == "profile" and create["--allow-insecure-tls"].value is None
    assert "--remote-api-token" not in create and "--token" not in create  # refused flags are not offered
    assert nodes["remote import"].positional == "file" and nodes["profile use"].positional == "profile"
    assert {"json", "toml"} == set(
        next(o for o in nodes["remote export"].options if "--format" in o.flags).choices
    )


# -- the scripts in the real shells ---------------------------------------------------------------------------


def shell(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is not installed (scripts/test.sh installs it)")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture
def on_path(tmp_path: Path, profile_store: ProfileStore) -> dict[str, str]:
    """An environment where `remotes-tui` is this checkout and one profile, `edge-1`, is saved."""
    profile_store.add(Profile(name="edge-1", url="http://localhost:8086", org="o"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "remotes-tui"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m remotes_tui "$@"\n')
    shim.chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
        "REMOTES_TUI_CONFIG_DIR": str(profile_store.path.parent),
    }


def shell_output(argv: list[str], cwd: Path, env: dict[str, str]) -> str:
    """What a shell prints (within 60 s); a non-zero exit fails the test with its stderr."""
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def bash_complete(env: dict[str, str], tmp_path: Path, *words: str) -> list[str]:
    (tmp_path / "completion.bash").write_text(script("bash"))
    program = (
        f'source "{tmp_path}/completion.bash"; COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); '
        '_remotes_tui; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    return shell_output([shell("bash"), "-c", program, "bash", "remotes-tui", *words], tmp_path, env).split()


def test_bash(on_path: dict[str, str], tmp_path: Path) -> None:
    assert bash_complete(on_path, tmp_path, "") == [command.name for command in COMMANDS]
    assert bash_complete(on_path, tmp_path, "remote", "cr") == ["create"]
    assert bash_complete(on_path, tmp_path, "--org", "x", "remote", "l") == ["list", "ls"]  # --org takes x
    assert "--remote-api-token-stdin" in bash_complete(on_path, tmp_path, "remote", "create", "--remote-api")
    assert bash_complete(on_path, tmp_path, "remote", "export", "--format", "t") == ["toml"]
    assert bash_complete(on_path, tmp_path, "remote", "list", "--profile", "") == ["edge-1"]
    assert bash_complete(on_path, tmp_path, "profile", "use", "ed") == ["edge-1"]
    assert bash_complete(on_path, tmp_path, "remote", "import", "completion.") == ["completion.bash"]
    assert bash_complete(on_path, tmp_path, "serve", "--seed") == ["--seed-demo"]


def test_fish(on_path: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "remotes-tui.fish"
    path.write_text(script("fish"))

    def complete(line: str) -> list[str]:
        argv = [shell("fish"), "--no-config", "-c", f"source {path}; complete -C {line!r}"]
        return [row.split("\t")[0] for row in shell_output(argv, tmp_path, on_path).splitlines()]

    assert complete("remotes-tui remote cr") == ["create"]
    assert complete("remotes-tui --org x remote l") == ["list", "ls"]
    assert complete("remotes-tui remote export --format ") == ["json", "toml"]
    assert complete("remotes-tui remote get --profile ") == ["edge-1"]
    assert "--delete-replications" in complete("remotes-tui remote delete --del")


def test_zsh(on_path: dict[str, str], tmp_path: Path) -> None:
    """The zsh function with zsh's completion builtins replaced by ones that print what they were given."""
    path = tmp_path / "_remotes-tui"
    path.write_text(script("zsh"))
    stubs = (
        "compdef() { : }; "
        '_describe() { local -a items; items=("${(@P)${@[-1]}}"); print -l -- "${items[@]%%:*}" }; '
        'compadd() { [[ $1 == -a ]] && { print -l -- "${(@P)2}"; return }; [[ $1 == -- ]] && shift; print -l -- "$@" }; '
        "_files() { print FILES }; _message() { print MESSAGE }; "
    )

    def complete(*words: str) -> list[str]:
        program = f'{stubs} source {path}; words=(remotes-tui "$@"); CURRENT=${{#words}}; _remotes_tui'
        return shell_output([shell("zsh"), "-f", "-c", program, "zsh", *words], tmp_path, on_path).split()

    assert complete("") == [command.name for command in COMMANDS]
    assert "create" in complete("remote", "")
    assert complete("--org", "x", "remote", "list", "--for") == [] or "--json" in complete(
        "remote", "list", "-"
    )
    assert complete("remote", "export", "--format", "") == ["json", "toml"]
    assert complete("remote", "import", "") == ["FILES"]
    assert complete("profile", "show", "") == ["edge-1"]
    assert complete("remote", "list", "--host", "") == ["MESSAGE"]


def test_the_command_line_never_imports_httpxs_own_command_line() -> None:
    """With click installed (it is here: import-linter needs it), `import httpx` would also import httpx's
    command line, click and pygments (~60 ms of every start-up); our entry point skips them."""
    code = (
        "import sys\n"
        "from remotes_tui.cli.main import main\n"
        "main(['remote', 'get', 'not-an-id'])\n"
        "print('httpx' in sys.modules, 'click' in sys.modules, 'pygments' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["True", "False", "False"], result.stderr
