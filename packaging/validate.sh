#!/usr/bin/env bash
# Checks the files the desktop reads when Kith is installed: the launcher (.desktop), the AppStream
# data (.metainfo.xml), that both use the window's application id, and that the icons are in the
# hicolor layout under that id. A broken launcher silently disappears from the menu and broken
# AppStream data from software centres, so this runs in CI (.ci/run).
# Needs: desktop-file-validate (desktop-file-utils), appstreamcli (appstream).
set -euo pipefail
cd "$(dirname "$0")/.."

# The one id everything must agree on (src/ui.rs sets it as the window's Wayland app id / X11 class).
app_id=$(sed -n 's/^pub const APP_ID: &str = "\(.*\)";$/\1/p' src/ui.rs)
[ -n "$app_id" ] || { echo "error: APP_ID not found in src/ui.rs" >&2; exit 1; }
linux=packaging/linux
desktop=$linux/$app_id.desktop
metainfo=$linux/$app_id.metainfo.xml

echo "desktop-file-validate $desktop"
desktop-file-validate "$desktop"

# --no-net: screenshot and homepage URLs are not fetched, so the check works offline.
echo "appstreamcli validate --no-net $metainfo"
appstreamcli validate --no-net "$metainfo"

grep -qx "StartupWMClass=$app_id" "$desktop" ||
    { echo "error: $desktop: StartupWMClass is not $app_id" >&2; exit 1; }
grep -qx "Icon=$app_id" "$desktop" || { echo "error: $desktop: Icon is not $app_id" >&2; exit 1; }
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" ||
    { echo "error: $metainfo: the launchable is not $app_id.desktop" >&2; exit 1; }
for icon in scalable/apps/$app_id.svg 16x16/apps/$app_id.png 48x48/apps/$app_id.png \
    128x128/apps/$app_id.png 256x256/apps/$app_id.png 512x512/apps/$app_id.png; do
    [ -f "$linux/icons/hicolor/$icon" ] ||
        { echo "error: $linux/icons/hicolor/$icon is missing; run packaging/icons.sh" >&2; exit 1; }
done
# Each screenshot the catalog links to is a file in the repository (packaging/screenshots.sh).
for image in $(sed -n 's|.*<image>.*/assets/screenshots/\(.*\)</image>.*|\1|p' "$metainfo"); do
    [ -f "assets/screenshots/$image" ] ||
        { echo "error: $metainfo names assets/screenshots/$image, which is missing" >&2; exit 1; }
done
# The version the catalog announces must be the one being built.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
grep -q "<release version=\"$version\"" "$metainfo" ||
    { echo "error: $metainfo has no <release> for version $version (Cargo.toml)" >&2; exit 1; }
echo "packaging files: ok"
