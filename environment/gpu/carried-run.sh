# Shared by the XRD paper-run scripts (sourced, not executed): a job that outlives one machine travels as an
# archive of its run folder, committed as docs/results/NAME/unfinished/NAME.tgz or carried as .gpu/resume/NAME.tgz.

# carried_pack ROOT NAME DIR [SCRIPT]: writes DIR/NAME.tgz of ROOT/NAME without its logs, report and markers (the
# checkpoint is what resumes); exit 2 naming the folder when there is no such run.
carried_pack() {
  local root=$1 name=${2:?usage: ${4:-carried_pack} pack NAME DIR} dir=${3:?usage: ${4:-carried_pack} pack NAME DIR}
  [ -d "$root/$name" ] || { echo "${4:-carried_pack}: no run $root/$name to pack" >&2; exit 2; }
  tar -C "$root" -czf "$dir/$name.tgz" --exclude=log --exclude=gen.log --exclude=DONE --exclude=report \
    --exclude=.restored "$name"
}

# carried_restore ROOT NAME REPO: once per machine, unpacks the carried archive of NAME into ROOT (the one kept in the
# repository REPO first, else .gpu/resume/ of the working directory), if there is one.
carried_restore() {
  local root=$1 name=$2 kept=$3/docs/results/$2/unfinished/$2.tgz
  [ -f "$kept" ] || kept=.gpu/resume/$name.tgz
  if [ -f "$kept" ] && [ ! -e "$root/$name/.restored" ]; then
    tar -C "$root" -xzf "$kept"
    touch "$root/$name/.restored"
  fi
}
