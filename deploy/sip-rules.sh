# shellcheck shell=bash
# Deleting SIP rules, with the operator's credentials. Sourced by deploy/destroy and deploy/launch.
#
# IAM has no resource type for chime:DeleteSipRule: it can only be granted on "*", every SIP rule of
# the account. The stack's own roles therefore never hold it; when the stack no longer needs a rule,
# its provider only disables it (a disabled rule routes no calls and costs nothing), and these
# functions delete the rules of the stack's SIP media application.
#
# Needs: $region, and a fail() that prints its arguments and exits.
: "${region:?sip-rules.sh needs region}"

# Seconds between delete attempts (disabling a rule takes effect asynchronously) and how many.
SIP_RULE_RETRY_SECONDS="${SMA_FLOW_RETRY_SECONDS:-5}"
SIP_RULE_DELETE_ATTEMPTS=8

# Prints the stack's SIP media application id, or nothing when the stack or its output does not exist.
stack_sip_media_application() {
  local sma
  sma="$(aws cloudformation describe-stacks --stack-name "$1" --region "$region" \
    --query "Stacks[0].Outputs[?OutputKey=='sipMediaApplicationId'].OutputValue" --output text 2>/dev/null)" || return 0
  [[ "$sma" == None ]] || printf '%s' "$sma"
}

# delete_sip_rule ID: deletes a disabled rule, retrying while the disabling takes effect.
delete_sip_rule() {
  local id="$1" attempt=1 out
  while true; do
    if out="$(aws chime-sdk-voice delete-sip-rule --sip-rule-id "$id" --region "$region" 2>&1)"; then
      echo "SIP rule $id deleted"
      return 0
    fi
    case "$out" in
      *NotFoundException*) return 0 ;;
      *ConflictException*|*BadRequestException*)
        [[ $attempt -lt $SIP_RULE_DELETE_ATTEMPTS ]] ||
          fail "SIP rule $id is still refused after $attempt attempts: $out" ;;
      *) fail "could not delete SIP rule $id: $out" ;;
    esac
    attempt=$((attempt + 1))
    sleep "$SIP_RULE_RETRY_SECONDS"
  done
}

# remove_sip_rules SMA_ID all|disabled: deletes the SIP rules that target the SIP media application
# (all of them, disabling enabled ones first, or only those already disabled).
remove_sip_rules() {
  local sma="$1" which="$2" rules id name disabled
  rules="$(aws chime-sdk-voice list-sip-rules --sip-media-application-id "$sma" --region "$region" \
    --query 'SipRules[].[SipRuleId,Name,Disabled]' --output text)" ||
    fail "could not list the SIP rules of SIP media application $sma"
  while read -r id name disabled; do
    [[ -n "$id" && "$id" != None ]] || continue
    if [[ "$disabled" != True ]]; then
      [[ "$which" == all ]] || continue
      aws chime-sdk-voice update-sip-rule --sip-rule-id "$id" --name "$name" --disabled \
        --region "$region" >/dev/null || fail "could not disable SIP rule $id"
    fi
    delete_sip_rule "$id"
  done <<<"$rules"
}
