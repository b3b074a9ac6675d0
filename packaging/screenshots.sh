#!/usr/bin/env bash
# Takes the README's and the AppStream data's screenshots of the main screens, on a demo workspace,
# in a virtual X display (Xvfb), so they can be regenerated after the window changes:
#
#   packaging/screenshots.sh [PATH/TO/kith]      (default: build the release binary and use it)
#
# Writes assets/screenshots/{dashboard,contacts,pipeline,tickets,analytics}.png, 1280×800 (the
# window's default size). Needs: xvfb, xdotool, imagemagick (`import`). Uses display :97, so it does
# not touch your own session.
set -euo pipefail
cd "$(dirname "$0")/.."

DISPLAY_NUMBER=:97
OUT=assets/screenshots

for tool in Xvfb xdotool import; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing (apt-get install xvfb xdotool imagemagick)" >&2; exit 1; }
done

if [ $# -ge 1 ]; then
    kith=$1
else
    cargo build --release --locked
    kith="${CARGO_TARGET_DIR:-target}/release/kith"
fi

# Everything the run writes (the demo workspace, its backups, settings) stays in a throw-away
# directory, so your own workspace and settings are never read or changed.
work=$(mktemp -d)
xvfb_pid=""
kith_pid=""
cleanup() {
    [ -n "$kith_pid" ] && kill "$kith_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# The default demo (500 contacts, seed 7): the same people every time; dates follow today.
"$kith" demo --db "$work/demo.db" >/dev/null
# The light theme whatever the machine's desktop prefers, so screenshots do not depend on it.
mkdir -p "$work/config"
echo '{"theme":"light"}' >"$work/config/settings.json"

Xvfb "$DISPLAY_NUMBER" -screen 0 1400x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=$DISPLAY_NUMBER
# Wait until the display answers (slow on a busy machine); without it Kith cannot open its window.
for _ in $(seq 200); do
    xdotool getdisplaygeometry >/dev/null 2>&1 && break
    sleep 0.1
done
xdotool getdisplaygeometry >/dev/null 2>&1 ||
    { cat "$work/xvfb.log" >&2; echo "error: Xvfb did not start on $DISPLAY_NUMBER" >&2; exit 1; }

# No GPU in Xvfb: iced's software renderer draws the window. Started in the throw-away directory with
# a relative --db, so the status line shows "demo.db" rather than a random temporary path.
kith=$(realpath "$kith")
(
    cd "$work"
    ICED_BACKEND=tiny-skia KITH_CONFIG_DIR="$work/config" exec "$kith" --db demo.db
) >"$work/kith.log" 2>&1 &
kith_pid=$!

window=""
for _ in $(seq 100); do
    window=$(xdotool search --class '^io\.github\.kith\.Kith$' 2>/dev/null | head -1 || true)
    [ -n "$window" ] && break
    kill -0 "$kith_pid" 2>/dev/null || { cat "$work/kith.log" >&2; echo "error: kith exited" >&2; exit 1; }
    sleep 0.2
done
[ -n "$window" ] || { echo "error: the Kith window did not appear" >&2; exit 1; }
# With no window manager the window sits at the top left corner; keys go to the focused window.
xdotool windowmove "$window" 0 0
xdotool windowfocus --sync "$window"
# The pointer starts mid-screen, where it would highlight whatever row it is over: park it outside
# the captured area.
xdotool mousemove 1390 890

mkdir -p "$OUT"
# shot NAME KEYS…: presses the shortcut, waits for the screen's data to load and draw, saves it.
shot() {
    local name=$1
    shift
    [ $# -eq 0 ] || xdotool key --clearmodifiers "$@"
    sleep 3
    import -window root -crop 1280x800+0+0 +repage "$OUT/$name.png"
    echo "$OUT/$name.png"
}

sleep 3 # the workspace opens and the dashboard's figures load
shot dashboard ctrl+0
shot contacts ctrl+1
shot pipeline ctrl+3
shot tickets ctrl+4
# Analytics opens on customer segments (K-means) with its default parameters; press its Run button
# (at this spot in the 1280×800 window; if the layout moves, the shot shows the form instead) and give
# the run time to finish and draw its chart.
xdotool key --clearmodifiers ctrl+7
sleep 2
xdotool mousemove --window "$window" 455 290 click 1
sleep 1
xdotool mousemove 1390 890
shot analytics
