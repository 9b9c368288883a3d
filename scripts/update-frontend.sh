#!/usr/bin/env bash
# Refresh the front-end files the project keeps in the repository, from the npm registry:
#   - GOV.UK Frontend's built assets  -> src/socialvalue/static/govuk/
#   - axe-core (accessibility engine, test only) -> tests/e2e/vendor/
# Users of the platform need no Node.js: the built files are committed with their licences.
# Pin the GOV.UK Frontend major that crispy-forms-gds supports (5.x, see docs/admin.md).
set -euo pipefail
GOVUK_FRONTEND_VERSION="${GOVUK_FRONTEND_VERSION:-5.8.0}"
AXE_CORE_VERSION="${AXE_CORE_VERSION:-4.11.4}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "govuk-frontend@${GOVUK_FRONTEND_VERSION}" >/dev/null
npm pack --silent "axe-core@${AXE_CORE_VERSION}" >/dev/null
mkdir govuk axe
tar -xzf govuk-frontend-*.tgz -C govuk
tar -xzf axe-core-*.tgz -C axe

dest="$root/src/socialvalue/static/govuk"
rm -rf "$dest"
mkdir -p "$dest"
dist="govuk/package/dist/govuk"
cp "$dist"/govuk-frontend.min.css "$dest"/
cp "$dist"/govuk-frontend.min.js "$dest"/
cp -r "$dist"/assets "$dest"/assets
# Make the files servable under STATIC_URL with Django's manifest storage (collectstatic):
#  - the stylesheet is built for assets at the site root (url(/assets/...)); point its fonts
#    and images at the assets/ folder beside it, so they resolve (and get hashed names);
#  - the source maps are not shipped, so drop the comments that name them (collectstatic
#    stops on a reference to a missing file).
sed -i -e 's#url(/assets/#url(assets/#g' -e '\#^/\*\# sourceMappingURL=.*\*/$#d' "$dest"/govuk-frontend.min.css
sed -i -e 's#//\# sourceMappingURL=[^ ]*$##' "$dest"/govuk-frontend.min.js
if grep -q -e 'url(/' -e 'sourceMappingURL' "$dest"/govuk-frontend.min.css "$dest"/govuk-frontend.min.js; then
  echo "GOV.UK Frontend files still refer to the site root or a source map: check the sed lines" >&2
  exit 1
fi
# The npm package states its licence in package.json only; keep the MIT text beside the files.
license="$(node -p "require('./govuk/package/package.json').license")"
cat > "$dest"/LICENSE.txt <<LICENCE
GOV.UK Frontend ${GOVUK_FRONTEND_VERSION} (https://github.com/alphagov/govuk-frontend)
Licence: ${license}. The MIT License (MIT). Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

The assets/ fonts and images are covered by the same licence except the GDS Transport font,
which GOV.UK services may use only on service.gov.uk domains; this project's stylesheet falls
back to Arial/Helvetica elsewhere.
LICENCE
echo "govuk-frontend ${GOVUK_FRONTEND_VERSION} (npm), MIT licence: see LICENSE.txt" > "$dest"/VERSION

vendor="$root/tests/e2e/vendor"
mkdir -p "$vendor"
cp axe/package/axe.min.js "$vendor"/axe.min.js
cp axe/package/LICENSE "$vendor"/axe-core-LICENSE.txt
echo "axe-core ${AXE_CORE_VERSION} (npm), MPL-2.0: see axe-core-LICENSE.txt" > "$vendor"/VERSION
echo "GOV.UK Frontend ${GOVUK_FRONTEND_VERSION} and axe-core ${AXE_CORE_VERSION} updated."
