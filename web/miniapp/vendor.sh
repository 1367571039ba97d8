#!/usr/bin/env bash
# Vendor @fluent/bundle (the Mini App's only library) from the npm registry, as the package
# ships it: its ES modules, unbuilt and unminified. Usage: web/miniapp/vendor.sh [VERSION]
# The folder is named by version, so browsers may cache it forever; after an update, point
# the import in static/js/i18n.js at the new folder and delete the old one.
set -euo pipefail
cd "$(dirname "$0")"
version="${1:-$(npm view @fluent/bundle version)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@fluent/bundle@$version" >/dev/null && tar xzf ./*.tgz)
target="static/vendor/fluent-bundle-$version"
rm -rf "$target"
mkdir -p "$target"
cp "$work"/package/esm/*.js "$target"/
cp "$work"/package/package.json "$target"/package.npm.json  # name, version, license (Apache-2.0)
echo "vendored @fluent/bundle $version into web/miniapp/$target"
