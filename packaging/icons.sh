#!/usr/bin/env bash
# Regenerates every raster icon from the one source drawing, assets/icons/kith.svg, so the window,
# the Linux menu, macOS and Windows all show the same picture. Run it after editing the SVG and commit
# what it writes. Needs: rsvg-convert (librsvg2-bin), png2icns (icnsutils), convert (imagemagick).
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ID=io.github.kith.Kith
SVG=assets/icons/kith.svg
# The hicolor sizes desktops look for; 512 is also the largest the .icns and the AppStream catalog use.
SIZES=(16 24 32 48 64 128 256 512)

for tool in rsvg-convert png2icns convert; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing (see the comment at the top)" >&2; exit 1; }
done

# assets/icons/kith-N.png: the sizes other builds start from (the window embeds kith-64.png).
for n in "${SIZES[@]}"; do
    rsvg-convert --width "$n" --height "$n" "$SVG" --output "assets/icons/kith-$n.png"
done

# packaging/linux/icons/hicolor: the freedesktop icon theme layout, copied as is into
# /usr/share/icons (the .deb) or /app/share/icons (Flatpak); the icon's name is the app id.
hicolor=packaging/linux/icons/hicolor
rm -rf "$hicolor"
for n in "${SIZES[@]}"; do
    install -Dm644 "assets/icons/kith-$n.png" "$hicolor/${n}x${n}/apps/$APP_ID.png"
done
install -Dm644 "$SVG" "$hicolor/scalable/apps/$APP_ID.svg"

# macOS: one .icns holding the sizes Finder and the Dock use (png2icns takes 16/32/48/128/256/512).
mkdir -p packaging/macos
png2icns packaging/macos/kith.icns \
    assets/icons/kith-16.png assets/icons/kith-32.png assets/icons/kith-48.png \
    assets/icons/kith-128.png assets/icons/kith-256.png assets/icons/kith-512.png >/dev/null

# Windows: one .ico with the sizes Explorer, the taskbar and the title bar pick from.
mkdir -p packaging/windows
convert assets/icons/kith-16.png assets/icons/kith-24.png assets/icons/kith-32.png \
    assets/icons/kith-48.png assets/icons/kith-64.png assets/icons/kith-256.png \
    packaging/windows/kith.ico

echo "icons written from $SVG"
