#!/usr/bin/env bash
# Regenerates ../assets/firebase-auth.js, the one minified ES module of the
# Firebase Auth SDK that the sign-in pages import. Run after changing the
# firebase version in package.json; commit the result.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
npx esbuild entry.mjs --bundle --format=esm --minify --legal-comments=none \
  --target=es2020 --outfile=../assets/firebase-auth.js
