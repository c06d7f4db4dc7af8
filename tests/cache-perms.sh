#!/bin/sh
# cache-perms.sh - a cache nobody else can write: created private to the user (directories 0700,
# files 0600) or to a group when ESCINFO_CACHE_SHARED=group; a cache directory another user owns,
# one anyone may write without the sticky bit, or a symbolic link inside the cache is refused by
# every component, with the reason: the plugin warns and the build goes on without facts, the
# CLI and the server say why.  TAP.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_PLUGIN" "$ESCINFO_CLI" "$WRITE_ENTRY" "$ESCLSP"
LC_ALL=C
export LC_ALL
unset ESCINFO_CACHE_SHARED

mode() { stat -c %a "$1"; }
spec() {
  printf 'main\t%s\nsource\t%s\nfact\tlocal\tescape.return\tx\tf\t%s\t1\t5\tx escapes\n' \
    "$src/m.c" "$src/m.c" "$src/m.c"
}
printf 'int f(void) { return 0; }\n' > "$src/m.c"

# ---- created private ----
spec | "$WRITE_ENTRY" "$tap_tmp/private" > /dev/null 2>&1
entry=$(find "$tap_tmp/private/v1/tu" -name '*.json' | head -1)
marker=$(find "$tap_tmp/private/v1/src" -type f | head -1)
ok "the cache directory is created 0700" [ "$(mode "$tap_tmp/private")" = 700 ]
ok "... and the directories in it" [ "$(mode "$tap_tmp/private/v1/tu")" = 700 ]
ok "an entry is 0600" [ "$(mode "$entry")" = 600 ]
ok "an index marker is 0600" [ "$(mode "$marker")" = 600 ]
( umask 000 && spec | "$WRITE_ENTRY" "$tap_tmp/loose-umask" > /dev/null 2>&1 )
ok "... whatever the umask" [ "$(mode "$tap_tmp/loose-umask/v1")" = 700 ]

# ---- shared by a group, on request ----
spec | ESCINFO_CACHE_SHARED=group "$WRITE_ENTRY" "$tap_tmp/shared" > /dev/null 2>&1
entry=$(find "$tap_tmp/shared/v1/tu" -name '*.json' | head -1)
ok "ESCINFO_CACHE_SHARED=group: directories 2770" [ "$(mode "$tap_tmp/shared/v1/tu")" = 2770 ]
ok "... entries 0660" [ "$(mode "$entry")" = 660 ]

# ---- refused: anyone may write ----
mkdir "$tap_tmp/open" && chmod 0777 "$tap_tmp/open"
"$ESCINFO_CLI" show --cache="$tap_tmp/open" "$src/m.c" > "$out" 2> "$err"
ok "a cache anyone may write (0777) is refused by the CLI" [ $? -eq 1 ]
ok "... saying why" contains "$err" "anyone may write there (mode 0777, no sticky bit)"
mkdir "$tap_tmp/sticky" && chmod 1777 "$tap_tmp/sticky"
spec | "$WRITE_ENTRY" "$tap_tmp/sticky" > /dev/null 2> "$err"
ok "one with the sticky bit (1777, owned by the user) is used" [ -d "$tap_tmp/sticky/v1/tu" ]

# ---- refused: a symbolic link inside the cache ----
spec | "$WRITE_ENTRY" "$tap_tmp/linked" > /dev/null 2>&1
mkdir "$tap_tmp/elsewhere"
rm -rf "$tap_tmp/linked/v1/tu" && ln -s "$tap_tmp/elsewhere" "$tap_tmp/linked/v1/tu"
"$ESCINFO_CLI" show --cache="$tap_tmp/linked" "$src/m.c" > "$out" 2> "$err"
ok "a symbolic link inside the cache is refused" contains "$err" "'$tap_tmp/linked/v1/tu': it is a symbolic link"
"$ESC_GCC" -c -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-cache="$tap_tmp/linked" "$src/m.c" \
  -o "$tap_tmp/m.o" 2> "$err"
ok "the plugin's build goes on" [ $? -eq 0 -a -f "$tap_tmp/m.o" ]
ok "... with a warning saying why" contains "$err" "warning: escinfo: facts not saved: refusing cache directory"
ok "... and nothing written through the link" [ -z "$(ls "$tap_tmp/elsewhere")" ]

# ---- refused: a directory planted by another user ----
if [ "$(id -u)" -ne 0 ] || ! id nobody > /dev/null 2>&1; then
  skip "a cache another user planted (needs root to plant one as nobody)" 5
else
  # a shared place like /tmp, where another user makes the directory first
  mkdir "$tap_tmp/pub" && chmod 1777 "$tap_tmp/pub" && chmod 0755 "$tap_tmp"
  planted=$tap_tmp/pub/planted
  if command -v setpriv > /dev/null; then
    setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups mkdir -m 0755 "$planted"
  else
    mkdir "$planted" && chown nobody "$planted"
  fi
  "$ESC_GCC" -c -fplugin="$ESCINFO_PLUGIN" -fplugin-arg-escinfo-cache="$planted" "$src/m.c" \
    -o "$tap_tmp/m.o" 2> "$err"
  ok "a cache directory planted by nobody: the build goes on" [ $? -eq 0 -a -f "$tap_tmp/m.o" ]
  ok "... the plugin warns that another user owns it" contains "$err" "is owned by another user (uid $(id -u nobody))"
  ok "... and writes nothing there" [ ! -e "$planted/v1" ]
  "$ESCINFO_CLI" show --cache="$planted" "$src/m.c" > "$out" 2> "$err"
  ok "... the CLI refuses it, saying why" contains "$err" "is owned by another user"
  "$ESCLSP" --check "$src/m.c" --cache="$planted" > "$out" 2>&1
  ok "... and so does the server" contains "$out" "owned by another user"
fi
done_testing
