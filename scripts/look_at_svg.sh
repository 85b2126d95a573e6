#!/usr/bin/env bash
# Render snapshot or screenshot SVGs to PNG so a person can look at them (Debian: librsvg2-bin).
#   scripts/look_at_svg.sh OUT_DIR FILE.svg...        (default OUT_DIR: /tmp/remotes-tui-look)
# Textual writes each styled run of text as its own <text> element; rsvg drops the leading spaces of such runs
# unless whitespace is preserved, which squeezes columns together ("enterSwitch"): this adds xml:space.
set -euo pipefail
out="${1:-/tmp/remotes-tui-look}"
shift || true
command -v rsvg-convert >/dev/null || { echo "look_at_svg.sh: install rsvg-convert (Debian: librsvg2-bin)" >&2; exit 1; }
mkdir -p "$out"
for svg in "$@"; do
    name="$(basename "${svg%.svg}").png"
    sed '0,/<svg /s//<svg xml:space="preserve" /' "$svg" | rsvg-convert -w 1400 -o "$out/$name"
    echo "$out/$name"
done
