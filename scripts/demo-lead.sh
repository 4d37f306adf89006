#!/usr/bin/env sh
# Submits one signed demo lead to a salesbot running in try-out mode, then shows 张三's sandbox inbox.
# Usage: scripts/demo-lead.sh [base-url] [name] [region]
set -e
base=${1:-http://localhost:8080}
name=${2:-王先生}
region=${3:-华东}
phone="138$(date +%s | tail -c 9)"
body=$(printf '{"name":"%s","phone":"%s","company":"上海某某制造","region":"%s","product":"CRM"}' "$name" "$phone" "$region")
t=$(date +%s)
sig=$(printf '%s' "$t.$body" | openssl dgst -sha256 -hmac demo-secret | sed 's/^.*= //')
echo "POST $base/api/v1/leads"
curl -sS -X POST "$base/api/v1/leads" \
  -H 'Content-Type: application/json' \
  -H 'X-Salesbot-Source: demo' \
  -H "X-Salesbot-Signature: t=$t,v1=$sig" \
  -d "$body"
echo
sleep 1
echo "GET $base/sandbox/users/zhangsan/inbox"
curl -sS "$base/sandbox/users/zhangsan/inbox"
echo
