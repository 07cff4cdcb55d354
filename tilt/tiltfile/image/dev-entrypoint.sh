#!/bin/sh
# Entrypoint of the dev image that Tilt builds (Dockerfile target `dev`).
# Long-running targets run under `node --watch-path`: Tilt's live update
# transpiles the synced sources and then touches the restart file, so node
# restarts once per update rather than once per file written. Migrations
# (`migrate latest`) run plainly, because watch mode never exits and the Job
# would never complete.
set -eu

# Live update touches this file (the Tiltfile's run step); tests move it.
restart_file=${STREAMHUB_RESTART_FILE:-/app/dist/.restart}
if [ "${1:-}" = "migrate" ]; then
  exec node dist/services/main.js "$@"
fi
touch "$restart_file"
exec node --watch-path="$restart_file" dist/services/main.js "$@"
