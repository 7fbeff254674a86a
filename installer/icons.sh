#!/usr/bin/env bash
# Regenerates every raster icon from installer/linux/icons/org.cachescope.CacheScope.svg. The results are
# committed (building CacheScope needs none of these tools); run this after changing the SVG.
#   apt-get install librsvg2-bin icoutils icnsutils
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
svg=linux/icons/org.cachescope.CacheScope.svg
png() { echo "linux/icons/${1}x${1}/org.cachescope.CacheScope.png"; }
for size in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "linux/icons/${size}x${size}"
    rsvg-convert -w "$size" -h "$size" "$svg" -o "$(png "$size")"
done
# Windows: BMP entries up to 64 px, the 256 px one as PNG (-r), as Windows Vista and later read it.
icotool -c -o windows/cachescope.ico "$(png 16)" "$(png 24)" "$(png 32)" "$(png 48)" "$(png 64)" -r "$(png 256)"
png2icns macos/cachescope.icns "$(png 16)" "$(png 32)" "$(png 48)" "$(png 128)" "$(png 256)" "$(png 512)" >/dev/null
echo "icons.sh: regenerated PNGs, windows/cachescope.ico and macos/cachescope.icns"
