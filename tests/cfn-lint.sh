#!/usr/bin/env bash
# Lints the deployment template (deploy/template.yaml) with cfn-lint, which also expands the
# SAM transform locally, and exercises the CloudFront viewer-request function embedded in it.
#
#   tests/cfn-lint.sh            # from anywhere; creates tests/.venv on first use
#
# Exit status: non-zero on any cfn-lint error or warning, or on a wrong URI rewrite.
# Informational findings (I...) are printed but do not fail the run.
# Needs: python3 (with venv) and access to PyPI the first time; node for the rewrite check
# (skipped with a notice when node is missing).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/tests/.venv"
template="$root/deploy/template.yaml"

if [[ ! -x "$venv/bin/cfn-lint" ]]; then
    if [[ ! -x "$venv/bin/python" ]]; then
        python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check cfn-lint
fi

echo "cfn-lint $("$venv/bin/cfn-lint" --version | awk '{print $2}'): $template"
# cfn-lint exit code is a bit mask: 2 = error, 4 = warning, 8 = informational.
set +e
"$venv/bin/cfn-lint" --include-checks I -- "$template"
status=$?
set -e
if (( status & 6 )); then
    echo "cfn-lint: FAILED (exit $status: errors and/or warnings above)" >&2
    exit 1
fi
echo "cfn-lint: ok (exit $status)"

# The CloudFront Function's code lives inline in the template: pull it out and run it on cases.
if ! command -v node >/dev/null 2>&1; then
    echo "rewrite check: skipped (node not installed)"
    exit 0
fi
code="$("$venv/bin/python" - "$template" <<'PY'
import sys, yaml

class Loader(yaml.SafeLoader):
    pass

def any_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)

Loader.add_multi_constructor("!", any_tag)
with open(sys.argv[1], encoding="utf-8") as f:
    doc = yaml.load(f, Loader=Loader)
print(doc["Resources"]["DirectoryIndexFunction"]["Properties"]["FunctionCode"])
PY
)"
node - <<JS
${code}
const cases = [
  ['/', '/index.html'],
  ['/privacy', '/privacy/index.html'],
  ['/privacy/', '/privacy/index.html'],
  ['/privacy//', '/privacy/index.html'],
  ['/ru/privacy', '/ru/privacy/index.html'],
  ['/ru/privacy/', '/ru/privacy/index.html'],
  ['/kk/data-deletion/received', '/kk/data-deletion/received/index.html'],
  ['/index.html', '/index.html'],
  ['/404.html', '/404.html'],
  ['/sitemap.xml', '/sitemap.xml'],
  ['/robots.txt', '/robots.txt'],
  ['/assets/site.0123abcd.css', '/assets/site.0123abcd.css'],
  ['/assets/site.0123abcd.js', '/assets/site.0123abcd.js'],
  ['/v1.2/', '/v1.2/index.html'],
];
let failed = 0;
for (const [input, want] of cases) {
  const got = handler({ request: { uri: input, method: 'GET', querystring: {}, headers: {} } }).uri;
  if (got !== want) {
    console.error('rewrite ' + input + ': got ' + got + ', want ' + want);
    failed++;
  }
}
console.log('rewrite: ' + (cases.length - failed) + ' passed, ' + failed + ' failed');
process.exit(failed ? 1 : 0);
JS
