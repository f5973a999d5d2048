#!/usr/bin/env bash
# AWS CLI smoke test against a DynamoDB-compatible endpoint:
#   aws dynamodb create-table / put-item / get-item / query / scan / delete-table
# Usage: aws_cli_smoke.sh ENDPOINT_URL     (e.g. http://localhost:8000)
# Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY if set, else dummy ones; region us-east-1.
set -euo pipefail

ENDPOINT="${1:?usage: $0 ENDPOINT_URL}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-dummy}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-dummy}"
export AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER=""
unset AWS_PROFILE AWS_SESSION_TOKEN || true

TABLE="CliSmoke$$"
failures=0

ddb() { aws --endpoint-url "$ENDPOINT" --output json dynamodb "$@"; }

expect() { # expect NAME EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then
    echo "PASS $1"
  else
    echo "FAIL $1: expected '$2', got '$3'"
    failures=$((failures + 1))
  fi
}

cleanup() { ddb delete-table --table-name "$TABLE" >/dev/null 2>&1 || true; }
trap cleanup EXIT

ddb create-table \
  --table-name "$TABLE" \
  --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=N \
  --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE \
  --billing-mode PAY_PER_REQUEST >/dev/null
status=""
for _ in $(seq 1 100); do
  status=$(ddb describe-table --table-name "$TABLE" --query Table.TableStatus --output text)
  [[ "$status" == "ACTIVE" ]] && break
  sleep 0.2
done
expect "create-table (ACTIVE)" "ACTIVE" "$status"

ddb put-item --table-name "$TABLE" --item '{"pk":{"S":"a"},"sk":{"N":"1"},"color":{"S":"red"},"n":{"N":"10"}}'
ddb put-item --table-name "$TABLE" --item '{"pk":{"S":"a"},"sk":{"N":"2"},"color":{"S":"blue"},"n":{"N":"20"}}'
ddb put-item --table-name "$TABLE" --item '{"pk":{"S":"a"},"sk":{"N":"3"},"color":{"S":"red"},"n":{"N":"30"}}'
ddb put-item --table-name "$TABLE" --item '{"pk":{"S":"b"},"sk":{"N":"1"},"color":{"S":"red"},"n":{"N":"40"}}'
echo "PASS put-item (4 items)"

expect "get-item" "blue" \
  "$(ddb get-item --table-name "$TABLE" --key '{"pk":{"S":"a"},"sk":{"N":"2"}}' --query Item.color.S --output text)"

expect "query (pk = a AND sk >= 2)" "2" \
  "$(ddb query --table-name "$TABLE" \
      --key-condition-expression 'pk = :pk AND sk >= :min' \
      --expression-attribute-values '{":pk":{"S":"a"},":min":{"N":"2"}}' \
      --query Count --output text)"

expect "query order (descending)" "3 2 1" \
  "$(ddb query --table-name "$TABLE" --no-scan-index-forward \
      --key-condition-expression 'pk = :pk' \
      --expression-attribute-values '{":pk":{"S":"a"}}' \
      --query 'Items[].sk.N' --output text | tr -s '\t ' ' ')"

expect "scan" "4" "$(ddb scan --table-name "$TABLE" --query Count --output text)"

expect "scan with filter (color = red)" "3" \
  "$(ddb scan --table-name "$TABLE" \
      --filter-expression 'color = :c' \
      --expression-attribute-values '{":c":{"S":"red"}}' \
      --query Count --output text)"

# The CLI follows LastEvaluatedKey itself when asked for small pages (--query applies per page).
expect "scan paginated (page size 1)" "4" \
  "$(ddb scan --table-name "$TABLE" --page-size 1 --query 'Items[].pk.S' --output text | wc -w | tr -d ' ')"

set +e
err=$(ddb put-item --table-name "$TABLE" --item '{"pk":{"S":"a"},"sk":{"N":"1"}}' \
        --condition-expression 'attribute_not_exists(pk)' 2>&1 >/dev/null)
set -e
case "$err" in
  *ConditionalCheckFailedException*) echo "PASS conditional put-item fails with ConditionalCheckFailedException" ;;
  *) echo "FAIL conditional put-item: $err"; failures=$((failures + 1)) ;;
esac

ddb delete-table --table-name "$TABLE" >/dev/null
echo "PASS delete-table"

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all AWS CLI checks passed"
