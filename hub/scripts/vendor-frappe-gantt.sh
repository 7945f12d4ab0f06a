#!/usr/bin/env bash
# Refreshes the vendored frappe-gantt (MIT; no WebJar of it resolves from Maven Central): its published ES module,
# its stylesheet and its licence, from the npm registry, into hub/src/main/resources/web/vendor/frappe-gantt/.
# Usage: hub/scripts/vendor-frappe-gantt.sh [version]   (then change the version in app/vendor-gantt.js)
set -euo pipefail
version="${1:-1.2.2}"
here="$(cd "$(dirname "$0")/.." && pwd)"
target="$here/src/main/resources/web/vendor/frappe-gantt"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "frappe-gantt@$version" >/dev/null && tar xzf "frappe-gantt-$version.tgz")
rm -rf "$target" && mkdir -p "$target"
cp "$work/package/dist/frappe-gantt.es.js" "$work/package/dist/frappe-gantt.css" "$work/package/license.txt" "$target/"
# the one inline style attribute of the module (the hatch of ignored days), which the hub's Content-Security-Policy
# blocks, as SVG presentation attributes instead: the same drawing, no inline style
sed -i 's/style="stroke:grey; stroke-width:0.3"/stroke="grey" stroke-width="0.3"/' "$target/frappe-gantt.es.js"
grep -q 'style="' "$target/frappe-gantt.es.js" && { echo "frappe-gantt $version has another inline style attribute: look at it" >&2; exit 1; }
printf 'frappe-gantt %s from https://registry.npmjs.org/frappe-gantt/-/frappe-gantt-%s.tgz (MIT, license.txt);\npatched by hub/scripts/vendor-frappe-gantt.sh: the hatch pattern'"'"'s style attribute as SVG presentation attributes (CSP)\n' "$version" "$version" > "$target/VERSION"
echo "frappe-gantt $version vendored into $target"
