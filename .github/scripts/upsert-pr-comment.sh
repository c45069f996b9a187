#!/usr/bin/env bash
# Create or update the one pull-request comment that carries a marker.
#   upsert-pr-comment.sh MARKER BODY_FILE
# Needs GH_TOKEN, GITHUB_REPOSITORY and PR_NUMBER. The marker (an HTML comment
# on the first line) finds the bot's earlier comment, so a new push edits it
# instead of adding another.
set -euo pipefail

marker="<!-- $1 -->"
body_file=$2
max_chars=65000 # GitHub refuses comments over 65536 characters

body="$(printf '%s\n' "$marker"; head -c "$max_chars" "$body_file")"
comments="repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments"
existing=$(gh api --paginate "$comments" \
  --jq ".[] | select(.user.type == \"Bot\" and (.body | startswith(\"$marker\"))) | .id" | head -n 1)

if [ -n "$existing" ]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -f body="$body" > /dev/null
else
  gh api --method POST "$comments" -f body="$body" > /dev/null
fi
