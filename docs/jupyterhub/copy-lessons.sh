# Sourced by docker-stacks' start.sh from /usr/local/bin/before-notebook.d
# before the server starts: a user who has no lessons folder yet gets the
# student versions; what a user has is never overwritten.
if [ ! -e "/home/${NB_USER}/descent-lessons" ]; then
  cp -r /opt/descent/release "/home/${NB_USER}/descent-lessons"
  # Started as root (to refit the user), the copy must still be the user's.
  if [ "$(id -u)" = 0 ]; then chown -R "${NB_UID}:${NB_GID}" "/home/${NB_USER}/descent-lessons"; fi
fi
