#!/usr/bin/env bash
# Deploys the Interpay privacy site and its request intake to one AWS account and region:
#   1. builds the intake Lambda (cargo lambda, arm64)   -> target/lambda/intake/bootstrap
#   2. deploys deploy/template.yaml with SAM            -> stack <stack-name>
#   3. builds the site against the stack's API URL      -> public/
#   4. uploads it to the site bucket and invalidates CloudFront.
#
# usage: deploy/deploy.sh <stack-name> [--region REGION] [--no-build] [--site-only]
#
#   <stack-name>   CloudFormation stack, e.g. interpay-privacy (letters, digits, hyphens; at most
#                  50 characters: the function is named <stack-name>-intake)
#   --region R     AWS region (default: $AWS_REGION, else $AWS_DEFAULT_REGION, else eu-central-1)
#   --no-build     reuse the function already in target/lambda/intake/ (skip cargo lambda)
#   --site-only    only rebuild and upload the site (the stack must exist)
#
# Stack parameters come from these environment variables. An unset variable keeps the value the
# stack already has (the template default on the first deploy):
#   SITE_URL                 SiteUrl                  https://interpay.kz
#   ALLOWED_ORIGINS          AllowedOrigins           https://interpay.kz  (comma-separated)
#   ALTERNATE_DOMAINS        AlternateDomainNames     ""   (e.g. interpay.kz,www.interpay.kz)
#   ACM_CERTIFICATE_ARN      AcmCertificateArn        ""   (us-east-1 certificate for the above)
#   MAIL_FROM                MailFrom                 support@interpay.kz
#   OPERATOR_EMAIL           OperatorEmail            support@interpay.kz
#   SMTP_URL_PARAMETER       SmtpUrlParameterName     /interpay/intake/smtp-url (SSM SecureString)
#   REQUEST_RETENTION_DAYS   RequestRetentionDays     1826
#   FUNCTION_MEMORY_MB       FunctionMemorySize       128
#   FUNCTION_TIMEOUT_S       FunctionTimeout          10
#   RESERVED_CONCURRENCY     ReservedConcurrency      10   (-1: no reservation)
#   RESEND_SCHEDULE          ResendScheduleExpression rate(1 hour)
#   DAILY_SCHEDULE           DailyScheduleExpression  cron(0 3 * * ? *)  (08:00 Almaty)
#   META_APP_SECRET_PARAMETER MetaAppSecretParameterName /interpay/intake/meta-app-secret
#                            (SSM SecureString; "" turns Meta's callback off)
#   ORIGIN_VERIFY_SECRET     OriginVerifySecret       ""   (32-256 visible ASCII, e.g. from
#                            `openssl rand -hex 32`: CloudFront sends it as X-Origin-Verify and
#                            the per-source limits count per visitor, not per edge; keep the
#                            same value on every deploy)
#   API_BURST_LIMIT          ApiThrottlingBurstLimit  10
#   API_RATE_LIMIT           ApiThrottlingRateLimit   5
#   LOG_RETENTION_DAYS       LogRetentionDays         90
#   ALARM_EMAIL              AlarmEmail               ""   (confirm the mail SNS sends)
# Other settings:
#   SAM_S3_BUCKET            bucket for the packaged function (default: SAM's managed bucket,
#                            created on first use by --resolve-s3)
#   SKIP_SMTP_CHECK=1        do not check that the SSM SecureStrings exist before deploying
#   WAIT_INVALIDATION=1      wait until the CloudFront invalidation has completed
#
# Needs: aws (CLI), sam (SAM CLI), cargo, cargo-lambda (`pip install cargo-lambda`), and AWS
# credentials for the target account. See deploy/README.md.
set -euo pipefail

usage() {
    sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

die() {
    echo "deploy: $*" >&2
    exit 1
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
template="$root/deploy/template.yaml"

stack=""
region="${AWS_REGION:-${AWS_DEFAULT_REGION:-eu-central-1}}"
build=1
site_only=0
while (($#)); do
    case "$1" in
        --region)
            (($# >= 2)) || die "--region needs a value"
            region="$2"
            shift 2
            ;;
        --region=*)
            region="${1#--region=}"
            shift
            ;;
        --no-build)
            build=0
            shift
            ;;
        --site-only)
            site_only=1
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        -*)
            usage >&2
            die "unknown option: $1"
            ;;
        *)
            [[ -z "$stack" ]] || die "one stack name only (got '$stack' and '$1')"
            stack="$1"
            shift
            ;;
    esac
done
if [[ -z "$stack" ]]; then
    usage >&2
    die "missing <stack-name>"
fi
[[ "$stack" =~ ^[A-Za-z][A-Za-z0-9-]{0,49}$ ]] ||
    die "stack name '$stack': use letters, digits and hyphens, start with a letter, at most 50 characters"
[[ "$region" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || die "region '$region' does not look like an AWS region"

need() {
    command -v "$1" >/dev/null 2>&1 || die "'$1' not found: $2"
}
need aws "install the AWS CLI"
need cargo "install Rust (rustup)"
if ((!site_only)); then
    need sam "install the SAM CLI (pip install aws-sam-cli)"
fi

export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
export SAM_CLI_TELEMETRY=0
cd "$root"

stack_exists() {
    aws cloudformation describe-stacks --stack-name "$stack" >/dev/null 2>&1
}

# The stack's current value of a parameter ("" when the stack or the parameter is missing).
stack_parameter() {
    local value
    value="$(aws cloudformation describe-stacks --stack-name "$stack" \
        --query "Stacks[0].Parameters[?ParameterKey=='$1'].ParameterValue | [0]" \
        --output text 2>/dev/null)" || value=""
    [[ "$value" == "None" ]] && value=""
    printf '%s' "$value"
}

stack_output() {
    local value
    value="$(aws cloudformation describe-stacks --stack-name "$stack" \
        --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue | [0]" --output text)"
    [[ -n "$value" && "$value" != "None" ]] || die "stack $stack has no output $1"
    printf '%s' "$value"
}

if ((!site_only)); then
    # ------------------------------------------------------------ 0. the SMTP secret must exist
    smtp_parameter="${SMTP_URL_PARAMETER:-$(stack_parameter SmtpUrlParameterName)}"
    smtp_parameter="${smtp_parameter:-/interpay/intake/smtp-url}"
    if [[ "${SKIP_SMTP_CHECK:-0}" != 1 ]]; then
        smtp_type="$(aws ssm describe-parameters \
            --parameter-filters "Key=Name,Values=$smtp_parameter" \
            --query 'Parameters[0].Type' --output text)"
        [[ "$smtp_type" == SecureString ]] || die "SSM parameter $smtp_parameter is missing or not a SecureString (found: $smtp_type).
Create it first (see deploy/README.md):
  aws ssm put-parameter --region $region --name $smtp_parameter --type SecureString --value 'smtps://USER:PASS@HOST:465'"
        # The Meta app secret: optional (an empty parameter name turns the callback off), but a
        # named parameter must exist, or Meta's callback answers 503.
        meta_parameter="${META_APP_SECRET_PARAMETER-$(stack_parameter MetaAppSecretParameterName)}"
        if [[ -n "$meta_parameter" && "$meta_parameter" != None ]]; then
            meta_type="$(aws ssm describe-parameters \
                --parameter-filters "Key=Name,Values=$meta_parameter" \
                --query 'Parameters[0].Type' --output text)"
            [[ "$meta_type" == SecureString ]] || die "SSM parameter $meta_parameter is missing or not a SecureString (found: $meta_type).
Create it first (see deploy/README.md), or set META_APP_SECRET_PARAMETER= to deploy without Meta's callback:
  aws ssm put-parameter --region $region --name $meta_parameter --type SecureString --value 'APP_SECRET'"
        fi
    fi

    # ------------------------------------------------------------ 1. the function
    bootstrap="$root/target/lambda/intake/bootstrap"
    if ((build)); then
        need cargo-lambda "pip install cargo-lambda"
        echo "==> RUSTFLAGS='-C relocation-model=static' cargo lambda build --profile lambda --arm64 -p intake --bin intake"
        # -p: the workspace's default member is the site; --lambda-dir pins the output where the
        # template's CodeUri looks, whatever CARGO_TARGET_DIR says. RUSTFLAGS, not
        # .cargo/config.toml: cargo lambda sets RUSTFLAGS itself for a release build (adding
        # -C target-cpu), which overrides any rustflags from the config; with its --target
        # they reach only the function's code, not build scripts or proc macros. A non-PIE
        # executable (README, "Decisions"); bench/intake.sh builds with the same flags. The
        # `lambda` profile (Cargo.toml): the release profile optimised for size, no unwinding.
        RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-C relocation-model=static" \
            cargo lambda build --profile lambda --arm64 -p intake --bin intake --lambda-dir "$root/target/lambda"
    fi
    [[ -x "$bootstrap" ]] || die "$bootstrap not found: build it (drop --no-build)"

    # ------------------------------------------------------------ 2. the stack
    overrides=()
    override() { # override <ParameterKey> <ENV_VAR>
        local value="${!2-}"
        [[ -n "${!2+set}" ]] || return 0
        [[ "$value" != *'"'* ]] || die "$2 must not contain a double quote"
        overrides+=("$1=\"$value\"")
    }
    override SiteUrl SITE_URL
    override AllowedOrigins ALLOWED_ORIGINS
    override AlternateDomainNames ALTERNATE_DOMAINS
    override AcmCertificateArn ACM_CERTIFICATE_ARN
    override MailFrom MAIL_FROM
    override OperatorEmail OPERATOR_EMAIL
    override SmtpUrlParameterName SMTP_URL_PARAMETER
    override RequestRetentionDays REQUEST_RETENTION_DAYS
    override FunctionMemorySize FUNCTION_MEMORY_MB
    override FunctionTimeout FUNCTION_TIMEOUT_S
    override ReservedConcurrency RESERVED_CONCURRENCY
    override ResendScheduleExpression RESEND_SCHEDULE
    override DailyScheduleExpression DAILY_SCHEDULE
    override MetaAppSecretParameterName META_APP_SECRET_PARAMETER
    override OriginVerifySecret ORIGIN_VERIFY_SECRET
    override ApiThrottlingBurstLimit API_BURST_LIMIT
    override ApiThrottlingRateLimit API_RATE_LIMIT
    override LogRetentionDays LOG_RETENTION_DAYS
    override AlarmEmail ALARM_EMAIL

    deploy_args=(
        --template-file "$template"
        --stack-name "$stack"
        --region "$region"
        --capabilities CAPABILITY_IAM
        --s3-prefix "$stack"
        --no-fail-on-empty-changeset
        --tags project=interpay-privacy "stack=$stack"
    )
    if [[ -n "${SAM_S3_BUCKET:-}" ]]; then
        deploy_args+=(--s3-bucket "$SAM_S3_BUCKET")
    else
        deploy_args+=(--resolve-s3)
    fi
    if ((${#overrides[@]})); then
        deploy_args+=(--parameter-overrides "${overrides[@]}")
    fi
    echo "==> sam deploy --stack-name $stack --region $region"
    # No `sam build`: the template's CodeUri is the prebuilt target/lambda/intake/, which
    # `sam deploy` zips and uploads itself.
    sam deploy "${deploy_args[@]}"
else
    stack_exists || die "stack $stack not found in $region: deploy it first (without --site-only)"
fi

# ---------------------------------------------------------------- 3. the site
api_url="$(stack_output ApiUrl)"
bucket="$(stack_output SiteBucket)"
distribution="$(stack_output DistributionId)"
distribution_domain="$(stack_output DistributionDomain)"
site_url="${SITE_URL:-$(stack_parameter SiteUrl)}"
site_url="${site_url:-https://interpay.kz}"

echo "==> build-site --base-url $site_url --intake-url $api_url"
cargo run --release --bin build-site -- --out public --base-url "$site_url" --intake-url "$api_url"
[[ -f public/index.html ]] || die "public/index.html missing after build-site"

# ---------------------------------------------------------------- 4. upload and invalidate
# Fingerprinted assets first (cached for a year), then everything else as no-cache, HTML last so
# that no page goes live before the assets it names; stale assets are removed at the end.
echo "==> aws s3 sync public/ s3://$bucket"
immutable="public, max-age=31536000, immutable"
if [[ -d public/assets ]]; then
    aws s3 sync public/assets/ "s3://$bucket/assets/" --only-show-errors --cache-control "$immutable"
fi
aws s3 sync public/ "s3://$bucket/" --only-show-errors --delete \
    --exclude '*.html' --exclude 'assets/*' \
    --cache-control no-cache
aws s3 sync public/ "s3://$bucket/" --only-show-errors --delete \
    --exclude '*' --include '*.html' --exclude 'assets/*' \
    --cache-control no-cache --content-type 'text/html; charset=utf-8'
if [[ -d public/assets ]]; then
    aws s3 sync public/assets/ "s3://$bucket/assets/" --only-show-errors --delete --cache-control "$immutable"
else
    aws s3 rm "s3://$bucket/assets/" --recursive --only-show-errors
fi

echo "==> CloudFront invalidation /* on $distribution"
invalidation="$(aws cloudfront create-invalidation --distribution-id "$distribution" \
    --paths '/*' --query Invalidation.Id --output text)"
if [[ "${WAIT_INVALIDATION:-0}" == 1 ]]; then
    aws cloudfront wait invalidation-completed --distribution-id "$distribution" --id "$invalidation"
fi

cat <<EOF
==> done
  site:          $site_url  (CloudFront: https://$distribution_domain)
  intake:        $api_url
  bucket:        s3://$bucket
  distribution:  $distribution  (invalidation $invalidation)
EOF
if [[ "$site_url" != "https://$distribution_domain" && -z "$(stack_parameter AlternateDomainNames)" ]]; then
    cat <<EOF
  note: the distribution has no alternate domain, so $site_url does not reach it yet. Either set
        ALTERNATE_DOMAINS and ACM_CERTIFICATE_ARN (and point DNS at $distribution_domain), or test on
        CloudFront's own name with SITE_URL and ALLOWED_ORIGINS set to https://$distribution_domain.
EOF
fi
