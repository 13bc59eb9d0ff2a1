#!/bin/sh
# settings.sh: Settings in the real binary under tmux: change settings and the
# learner's name, see them saved at once and kept after a restart.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

plan 10
mkdir -p "$TMPD/assets"
cp -r "$TESTS_SRCDIR/fixtures/packs/good" "$TMPD/assets/packs"
export AIDIOMA_ASSETS="$TMPD/assets"
CONFIG="$XDG_CONFIG_HOME/aidioma/config"
start 80 24
check "Home, after the first-run questions" skip_welcome
tm send-keys -t t 6
check "6 opens Settings" wait_for "daily_new"
# name: Enter edits, type, Enter saves
tm send-keys -t t Enter C-u
tm send-keys -t t -l "Lucía"
tm send-keys -t t Enter
check "the name is saved" wait_for "saved"
# down to daily_new (name, level, theme, accent_helper, session_length, daily_new)
tm send-keys -t t j j j j j Right Right
check "Right raises daily_new by its step" wait_for "daily_new  *30"
check "the setting is written at once" grep -q "^daily_new = 30$" "$CONFIG"
tm send-keys -t t k k Enter
check "Enter turns the accent helper off" wait_for "accent_helper  *off"
tm resize-window -t t -x 100 -y 30
check "the screen redraws on resize" wait_for "accent_helper  *off"
tm send-keys -t t q q
exited_with 0 || true
check "the config file holds both changes" grep -q "^accent_helper = false$" "$CONFIG"
tm kill-server
SOCK="$TMPD/tmux2.sock"
start 80 24
check "after a restart Home uses the new name" wait_for "¡Hola, Lucía!"
tm send-keys -t t 6 j j j j j
check "and Settings shows the saved value" wait_for "daily_new  *30"
finish
