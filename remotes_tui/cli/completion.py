"""`remotes-tui completion bash|zsh|fish`: the shell completion script, generated from the command tree.

The script is static (no Python runs on TAB, except to list saved profile names for `--profile` and
`profile use|show|remove NAME`): it knows every command, alias and flag of `parsers()`, which flags take a
value (so `--org X remote` is not mistaken for a command), and which values are files, profiles or fixed
choices. A new command group in `tree.COMMANDS` is in the next generated script without changes here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

PROG = "remotes-tui completion"
SHELLS = ("bash", "zsh", "fish")
FILE_DESTS = frozenset({"ca_file", "db", "tls_cert", "tls_key", "output", "path", "file"})
PROFILE_POSITIONALS = frozenset({"profile use", "profile remove", "profile show", "fleet add"})
LIST_PROFILES = "command remotes-tui profile list --names 2>/dev/null"

_HELP = """\
Load the completion in your shell:
  bash   add to ~/.bashrc:                 eval "$(remotes-tui completion bash)"
  zsh    add to ~/.zshrc after compinit:   eval "$(remotes-tui completion zsh)"
         (or save it as _remotes-tui in a folder of $fpath)
  fish   remotes-tui completion fish > ~/.config/fish/completions/remotes-tui.fish
"""


@dataclass
class Option:
    flags: tuple[str, ...]
    help: str
    value: str | None = None  # None: a flag; else "file", "profile", "choices" or "text"
    choices: tuple[str, ...] = ()


@dataclass
class Node:
    """One command of the tree: `path` is its words ("" for `remotes-tui` itself)."""

    path: str
    options: list[Option] = field(default_factory=list)
    commands: dict[str, str] = field(default_factory=dict)  # word (aliases too) -> summary
    children: dict[str, str] = field(default_factory=dict)  # word (aliases too) -> the child's path
    positional: str | None = None  # "file", "profile", or None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Print the shell completion script for remotes-tui.",
        epilog=_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    return parser


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    sys.stdout.write(script(args.shell))
    return 0


def script(shell: str) -> str:
    """The completion script for `shell` (bash, zsh or fish)."""
    nodes = collect()
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](nodes)


# -- the tree as nodes --------------------------------------------------------------------------------------


def parsers() -> dict[str, argparse.ArgumentParser]:
    """Every group's parser by name ("" is the TUI's): the whole tree."""
    from remotes_tui.cli.tree import COMMANDS
    from remotes_tui.cli.tui_command import build_parser

    tree = {"": build_parser()}
    for command in COMMANDS:
        tree[command.name] = command.load().build_parser()
    return tree


def collect() -> list[Node]:
    """Every command of the tree, parents before children."""
    from remotes_tui.cli.tree import COMMANDS

    tree = parsers()
    root = _node("", tree[""])
    for command in COMMANDS:
        root.commands[command.name] = command.summary
        root.children[command.name] = command.name
    nodes = [root]
    for command in COMMANDS:
        _walk(command.name, tree[command.name], nodes)
    return nodes


def _walk(path: str, parser: argparse.ArgumentParser, nodes: list[Node]) -> None:
    node = _node(path, parser)
    nodes.append(node)
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        summaries = {choice.dest: choice.help or "" for choice in action._choices_actions}
        seen: dict[int, str] = {}
        for word, child in action.choices.items():
            canonical = seen.setdefault(id(child), word)
            node.commands[word] = (
                summaries.get(canonical, "") if word == canonical else f"alias of {canonical}"
            )
            node.children[word] = f"{path} {canonical}"
            if word == canonical:
                _walk(f"{path} {canonical}", child, nodes)


def _node(path: str, parser: argparse.ArgumentParser) -> Node:
    node = Node(path)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        if not action.option_strings:
            if action.dest in FILE_DESTS:
                node.positional = "file"
            elif path in PROFILE_POSITIONALS:
                node.positional = "profile"
            continue
        help_text = " ".join(
            (action.help or "").replace("%(default)s", str(action.default)).replace("%%", "%").split()
        )
        node.options.append(Option(tuple(action.option_strings), help_text, *_value_of(action)))
    return node


def _value_of(action: argparse.Action) -> tuple[str | None, tuple[str, ...]]:
    if action.nargs in (0, "?"):  # store_true and friends; `--allow-insecure-tls[=BOOL]`
        return None, ()
    if action.choices:
        return "choices", tuple(str(choice) for choice in action.choices)
    if action.dest in FILE_DESTS or action.metavar in ("FILE", "PATH"):
        return "file", ()
    if action.dest == "profile":
        return "profile", ()
    return "text", ()


# -- bash ---------------------------------------------------------------------------------------------------


def _pattern(node: Node, words: Sequence[str]) -> str:
    return "|".join(_quote(f"{node.path}|{word}") for word in words)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _walker(nodes: list[Node], first: int, count: str, words: str) -> list[str]:
    """The loop that follows the words typed before the cursor down the command tree, skipping flag values
    (shared by bash and zsh: the words are `words[first]` to `words[count - 1]`)."""
    lines = [
        f"    for ((i = {first}; i < {count}; i++)); do",
        f'        word="${{{words}[i]}}"',
        '        if [[ -n $skip ]]; then skip=""; continue; fi',
        '        case "$node|$word" in',
    ]
    for node in nodes:
        for word, child in node.children.items():
            lines.append(f"            {_pattern(node, [word])}) node={_quote(child)} ;;")
        valued = [flag for option in node.options if option.value for flag in option.flags]
        if valued:
            lines.append(f"            {_pattern(node, valued)}) skip=1 ;;")
    return [*lines, "        esac", "    done"]


def _value_arms(nodes: list[Node], kind_action: dict[str, str], indent: str) -> list[str]:
    lines = []
    for node in nodes:
        for option in node.options:
            if option.value is None:
                continue
            action = " ".join(option.choices) if option.value == "choices" else kind_action[option.value]
            if option.value == "choices":
                action = kind_action["choices"].format(choices=action)
            lines.append(f"{indent}{_pattern(node, option.flags)}) {action} ;;")
    return lines


def _case_arms(nodes: list[Node], indent: str, action: Callable[[Node], str | None]) -> list[str]:
    """A `case "$node"` arm for each node that `action` gives something to do."""
    return [f"{indent}{_quote(node.path)}) {arm} ;;" for node in nodes if (arm := action(node)) is not None]


def _bash_words(node: Node) -> str:
    flags = " ".join(flag for option in node.options for flag in option.flags)
    return f"commands={_quote(' '.join(node.commands))}; options={_quote(flags)}"


def _bash(nodes: list[Node]) -> str:
    files = 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return'
    profiles = f'COMPREPLY=($(compgen -W "$({LIST_PROFILES})" -- "$cur")); return'
    kinds = {
        "file": files,
        "profile": profiles,
        "choices": 'COMPREPLY=($(compgen -W "{choices}" -- "$cur")); return',
        "text": "COMPREPLY=(); return",
    }
    arms_words = _case_arms(nodes, "        ", _bash_words)
    positional = {"file": files, "profile": f'commands="$commands $({LIST_PROFILES})"'}
    arms_positional = _case_arms(nodes, "            ", lambda node: positional.get(node.positional or ""))
    lines = [
        "# bash completion for remotes-tui (generated by `remotes-tui completion bash`).",
        '# Load it from ~/.bashrc with:  eval "$(remotes-tui completion bash)"',
        "_remotes_tui() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" node="" word="" skip="" i',
        '    ((COMP_CWORD > 0)) && prev="${COMP_WORDS[COMP_CWORD-1]}"',
        *_walker(nodes, first=1, count="COMP_CWORD", words="COMP_WORDS"),
        '    case "$node|$prev" in',
        *_value_arms(nodes, kinds, "        "),
        "    esac",
        '    local commands="" options=""',
        '    case "$node" in',
        *arms_words,
        "    esac",
        "    if [[ $cur != -* ]]; then",
        '        case "$node" in',
        *arms_positional,
        "        esac",
        '        if [[ -n $commands ]]; then COMPREPLY=($(compgen -W "$commands" -- "$cur")); return; fi',
        "    fi",
        '    COMPREPLY=($(compgen -W "$options" -- "$cur"))',
        "}",
        "complete -F _remotes_tui remotes-tui",
        "",
    ]
    return "\n".join(lines)


# -- zsh ----------------------------------------------------------------------------------------------------


def _described(word: str, text: str) -> str:
    return _quote(f"{word.replace(':', chr(92) + ':')}:{text}")


def _zsh_words(node: Node) -> str:
    commands = " ".join(_described(word, text) for word, text in node.commands.items())
    options = " ".join(_described(flag, option.help) for option in node.options for flag in option.flags)
    return f"commands=({commands}); options=({options})"


def _zsh(nodes: list[Node]) -> str:
    profiles = f'local -a names; names=(${{(f)"$({LIST_PROFILES})"}}); compadd -a names; return'
    kinds = {
        "file": "_files; return",
        "profile": profiles,
        "choices": "compadd -- {choices}; return",
        "text": "_message value; return",
    }
    arms = _case_arms(nodes, "        ", _zsh_words)
    positional = {"file": "_files; return", "profile": profiles}
    arms_positional = _case_arms(nodes, "            ", lambda node: positional.get(node.positional or ""))
    lines = [
        "#compdef remotes-tui",
        "# zsh completion for remotes-tui (generated by `remotes-tui completion zsh`).",
        '# Load it from ~/.zshrc after compinit:  eval "$(remotes-tui completion zsh)"',
        "# or save it as _remotes-tui in a folder of $fpath.",
        "_remotes_tui() {",
        '    local node="" word="" skip="" i cur="${words[CURRENT]}" prev="${words[CURRENT-1]}"',
        *_walker(nodes, first=2, count="CURRENT", words="words"),
        "    if ((CURRENT > 2)); then",
        '        case "$node|$prev" in',
        *_value_arms(nodes, kinds, "            "),
        "        esac",
        "    fi",
        "    local -a commands options",
        '    case "$node" in',
        *arms,
        "    esac",
        "    if [[ $cur != -* ]]; then",
        '        case "$node" in',
        *arms_positional,
        "        esac",
        "        if ((${#commands})); then _describe -t commands command commands; return; fi",
        "    fi",
        "    _describe -t options option options",
        "}",
        "compdef _remotes_tui remotes-tui",
        "",
    ]
    return "\n".join(lines)


# -- fish ---------------------------------------------------------------------------------------------------


def _fq(text: str) -> str:
    """A fish single-quoted string (fish escapes \\ and \' inside single quotes)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish(nodes: list[Node]) -> str:
    walker = []
    for node in nodes:
        for word, child in node.children.items():
            walker += [
                f"            case {_fq(f'{node.path}|{word}')}",
                f"                set node {_fq(child)}",
            ]
        valued = [flag for option in node.options if option.value for flag in option.flags]
        if valued:
            patterns = " ".join(_fq(f"{node.path}|{flag}") for flag in valued)
            walker += [f"            case {patterns}", "                set skip 1"]
    lines = [
        "# fish completion for remotes-tui (generated by `remotes-tui completion fish`).",
        "# Load it with:  remotes-tui completion fish > ~/.config/fish/completions/remotes-tui.fish",
        "function __remotes_tui_node",
        "    set -l node ''",
        "    set -l skip 0",
        "    for word in (commandline -opc)[2..-1]",
        "        if test $skip = 1",
        "            set skip 0",
        "            continue",
        "        end",
        '        switch "$node|$word"',
        *walker,
        "        end",
        "    end",
        "    echo $node",
        "end",
        "function __remotes_tui_at",
        "    set -l node (__remotes_tui_node)",
        '    test "$node" = "$argv[1]"',
        "end",
        "complete -c remotes-tui -f",
    ]
    profiles = f"'({LIST_PROFILES.removeprefix('command ')})'"
    for node in nodes:
        at = f"-n {_fq('__remotes_tui_at ' + _fq(node.path))}"
        for word, text in node.commands.items():
            lines.append(f"complete -c remotes-tui {at} -a {_fq(word)} -d {_fq(text)}")
        for option in node.options:
            spec = " ".join(
                f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}" for flag in option.flags
            )
            value = {
                None: "",
                "file": " -r -F",
                "profile": f" -x -a {profiles}",
                "choices": f" -x -a {_fq(' '.join(option.choices))}",
                "text": " -x",
            }[option.value]
            lines.append(f"complete -c remotes-tui {at} {spec}{value} -d {_fq(option.help)}")
        if node.positional == "file":
            lines.append(f"complete -c remotes-tui {at} -F")
        elif node.positional == "profile":
            lines.append(f"complete -c remotes-tui {at} -a {profiles}")
    return "\n".join(lines) + "\n"
