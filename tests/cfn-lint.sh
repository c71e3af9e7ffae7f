#!/usr/bin/env bash
# Lints the deployment template (deploy/template.yaml):
#   1. cfn-lint on the SAM template as written (cfn-lint 1.x checks AWS::Serverless::* against
#      its schema but no longer expands the transform itself);
#   2. the template expanded by aws-sam-translator (what CloudFormation deploys; the local
#      CodeUri is swapped for a placeholder S3 URI, as `sam deploy` would upload it), and
#      cfn-lint again on that plain CloudFormation;
#   3. the CloudFront viewer-request functions embedded in the template, run under node: the
#      directory index on sample URIs, the viewer address on sample events; and where they and
#      the origin's X-Origin-Verify header are attached.
#
#   tests/cfn-lint.sh            # from anywhere; creates tests/.venv on first use
#
# Exit status: non-zero on any cfn-lint error or warning, on a failed transform, or on a wrong
# URI rewrite or viewer address. Informational findings (I...) are printed but do not fail the
# run.
# Needs: python3 (with venv) and access to PyPI the first time; node for step 3 (skipped with a
# notice when node is missing). No AWS account or credentials. The tool versions are pinned
# below (override with CFN_LINT_VERSION / SAM_TRANSLATOR_VERSION).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/tests/.venv"
template="$root/deploy/template.yaml"

# Pinned so that a new cfn-lint rule cannot turn CI red overnight; raise them deliberately.
cfn_lint_version="${CFN_LINT_VERSION:-1.58.0}"
sam_translator_version="${SAM_TRANSLATOR_VERSION:-1.115.0}"
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" - "$cfn_lint_version" "$sam_translator_version" 2>/dev/null <<'PY'
import sys
from importlib.metadata import version
sys.exit(0 if (version("cfn-lint"), version("aws-sam-translator")) == tuple(sys.argv[1:3]) else 1)
PY
then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "cfn-lint==$cfn_lint_version" "aws-sam-translator==$sam_translator_version"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# cfn-lint's exit code is a bit mask: 2 = error, 4 = warning, 8 = informational.
lint() {
    local what="$1" file="$2" status
    set +e
    "$venv/bin/cfn-lint" --include-checks I -- "$file"
    status=$?
    set -e
    if (( status & 6 )); then
        echo "cfn-lint ($what): FAILED (exit $status: errors and/or warnings above)" >&2
        exit 1
    fi
    echo "cfn-lint ($what): ok (exit $status)"
}

echo "cfn-lint $("$venv/bin/cfn-lint" --version | awk '{print $2}'): $template"
lint "SAM template" "$template"

# Expand the SAM transform offline (the region only names ARNs; nothing is called).
"$venv/bin/python" - "$template" >"$work/transformed.json" <<'PY'
import json, sys
import boto3
from cfnlint.decode import decode
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

template, problems = decode(sys.argv[1])
if problems:
    for p in problems:
        print(p, file=sys.stderr)
    sys.exit(1)
template = json.loads(json.dumps(template, default=str))
for resource in template.get("Resources", {}).values():
    props = resource.get("Properties", {})
    if resource.get("Type") == "AWS::Serverless::Function":
        code = props.get("CodeUri")
        if isinstance(code, str) and not code.startswith("s3://"):
            props["CodeUri"] = "s3://placeholder-bucket/intake.zip"
session = boto3.session.Session(region_name="eu-central-1")
try:
    out = Translator({}, Parser(), boto_session=session).translate(
        sam_template=template, parameter_values={}
    )
except InvalidDocumentException as e:
    for cause in e.causes:
        print("SAM transform:", cause.message, file=sys.stderr)
    sys.exit(1)
json.dump(out, sys.stdout, indent=1)
PY
echo "sam transform: ok ($("$venv/bin/python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["Resources"]))' "$work/transformed.json") resources)"
lint "transformed" "$work/transformed.json"

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
res = doc["Resources"]
config = res["SiteDistribution"]["Properties"]["DistributionConfig"]
# The viewer address on the function's paths (only there), the proof header on its origin.
for b in config["CacheBehaviors"]:
    fns = [a["FunctionARN"] for a in b.get("FunctionAssociations", [])]
    want = ["ViewerAddressFunction.FunctionARN"] if b["TargetOriginId"] == "intake-api" else []
    if fns != want:
        sys.exit(f"behaviour {b['PathPattern']}: functions {fns}, want {want}")
api = next(o for o in config["Origins"] if o["Id"] == "intake-api")
if "X-Origin-Verify" not in repr(api.get("OriginCustomHeaders")) or "OriginVerifySecret" not in repr(api.get("OriginCustomHeaders")):
    sys.exit("origin intake-api: no X-Origin-Verify from OriginVerifySecret")
env = res["IntakeFunction"]["Properties"]["Environment"]["Variables"]
if "OriginVerifySecret" not in repr(env.get("ORIGIN_VERIFY_SECRET")):
    sys.exit("IntakeFunction: ORIGIN_VERIFY_SECRET is not OriginVerifySecret")
for name in ("DirectoryIndexFunction", "ViewerAddressFunction"):
    code = res[name]["Properties"]["FunctionCode"]
    print(f"const {name} = (() => {{ {code}; return handler; }})();")
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
  const got = DirectoryIndexFunction({ request: { uri: input, method: 'GET', querystring: {}, headers: {} } }).uri;
  if (got !== want) {
    console.error('rewrite ' + input + ': got ' + got + ', want ' + want);
    failed++;
  }
}
console.log('rewrite: ' + (cases.length - failed) + ' passed, ' + failed + ' failed');
// The viewer's own address, replacing one the visitor sent; nothing else changes.
const viewerCases = [
  ['203.0.113.10', {}],
  ['2001:db8::10', { 'x-viewer-address': { value: '198.51.100.1' } }],
  ['198.51.100.7', { 'x-viewer-address': { value: '10.0.0.1, 198.51.100.7' }, origin: { value: 'https://interpay.kz' } }],
];
let viewerFailed = 0;
for (const [ip, headers] of viewerCases) {
  const before = JSON.stringify(Object.keys(headers).filter((k) => k !== 'x-viewer-address').map((k) => [k, headers[k]]));
  const out = ViewerAddressFunction({ viewer: { ip }, request: { uri: '/requests', method: 'POST', querystring: {}, headers: { ...headers } } });
  const others = JSON.stringify(Object.keys(out.headers).filter((k) => k !== 'x-viewer-address').map((k) => [k, out.headers[k]]));
  if (out.headers['x-viewer-address']?.value !== ip || out.uri !== '/requests' || others !== before) {
    console.error('viewer address ' + ip + ': got ' + JSON.stringify(out));
    viewerFailed++;
  }
}
console.log('viewer address: ' + (viewerCases.length - viewerFailed) + ' passed, ' + viewerFailed + ' failed');
process.exit(failed || viewerFailed ? 1 : 0);
JS
