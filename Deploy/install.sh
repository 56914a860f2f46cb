#!/usr/bin/env bash
# Installs Anwei on one Linux server: builds a release binary with the Swift runtime linked in
# (--static-swift-stdlib), installs it, the systemd units, a config file, the user and the data
# folder. Idempotent: run it again to upgrade (the server migrates the database on start, after
# an automatic backup). --prefix DIR installs into DIR as a root (a staging tree, a test): then
# no user is created and systemd is not touched.
#
#   sudo Deploy/install.sh                 build and install, enable and (re)start the service
#   Deploy/install.sh --prefix /tmp/root   install into /tmp/root (no root needed)
#   sudo Deploy/install.sh --uninstall     remove the binary and units (keeps data and config)
#   sudo Deploy/install.sh --uninstall --purge   also remove /var/lib/anwei, backups and config
#   --binary PATH                          install this binary instead of building one
#   --build-path DIR                       swift build's scratch folder (default .build)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_root="$(dirname "$here")"
prefix=""
uninstall=0
purge=0
binary=""
build_path=".build"
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --binary) binary="${2:?--binary needs a file}"; shift 2 ;;
        --build-path) build_path="${2:?--build-path needs a folder}"; shift 2 ;;
        --uninstall) uninstall=1; shift ;;
        --purge) purge=1; shift ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [ -n "$prefix" ]; then
    mkdir -p "$prefix"
    prefix="$(cd "$prefix" && pwd)"
fi
bin_dir="$prefix/usr/local/bin"
unit_dir="$prefix/etc/systemd/system"
config_dir="$prefix/etc/anwei"
data_dir="$prefix/var/lib/anwei"
backup_dir="$prefix/var/backups/anwei"
doc_dir="$prefix/usr/local/share/doc/anwei"
units=(anwei.service anwei-backup.service anwei-backup.timer)

say() { echo "install.sh: $*"; }
# systemd is only touched for a real install on a machine where it runs.
with_systemd() { [ -z "$prefix" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; }

if [ "$uninstall" = 1 ]; then
    if with_systemd; then
        systemctl disable --now anwei-backup.timer anwei.service 2>/dev/null || true
    fi
    for unit in "${units[@]}"; do rm -f "$unit_dir/$unit"; done
    rm -f "$bin_dir/anwei"
    rm -rf "$doc_dir"
    if with_systemd; then systemctl daemon-reload; fi
    if [ "$purge" = 1 ]; then
        rm -rf "$data_dir" "$backup_dir" "$config_dir"
        if [ -z "$prefix" ] && id anwei >/dev/null 2>&1; then userdel anwei || true; fi
        say "removed Anwei, its data, backups and configuration"
    else
        say "removed the binary and units; kept $data_dir, $backup_dir and $config_dir (--purge removes them)"
    fi
    exit 0
fi

if [ -z "$prefix" ] && [ "$(id -u)" != 0 ]; then
    echo "install.sh: a system install needs root (or use --prefix DIR)" >&2
    exit 1
fi

if [ -z "$binary" ]; then
    say "building a release binary (swift build -c release --static-swift-stdlib); this takes a few minutes"
    (cd "$source_root" && swift build -c release --static-swift-stdlib --scratch-path "$build_path" --product anwei)
    binary="$(cd "$source_root" && swift build -c release --static-swift-stdlib --scratch-path "$build_path" --show-bin-path)/anwei"
fi
[ -x "$binary" ] || { echo "install.sh: no executable at $binary" >&2; exit 1; }

if [ -z "$prefix" ] && ! id anwei >/dev/null 2>&1; then
    say "creating the system user anwei"
    useradd --system --home-dir /var/lib/anwei --no-create-home --shell /usr/sbin/nologin anwei
fi

install -d -m 0755 "$bin_dir" "$unit_dir" "$doc_dir"
install -d -m 0750 "$config_dir" "$data_dir" "$backup_dir"
# Replace the binary atomically (a running server keeps its old file until restarted).
install -m 0755 "$binary" "$bin_dir/anwei.new"
mv -f "$bin_dir/anwei.new" "$bin_dir/anwei"
for unit in "${units[@]}"; do install -m 0644 "$here/$unit" "$unit_dir/$unit"; done
if [ ! -f "$config_dir/anwei.env" ]; then
    install -m 0640 "$here/anwei.env" "$config_dir/anwei.env"
    say "wrote $config_dir/anwei.env (edit it; it is kept on reinstall)"
fi
if [ -f "$source_root/Docs/operations.md" ]; then install -m 0644 "$source_root/Docs/operations.md" "$doc_dir/operations.md"; fi
install -m 0644 "$here/nginx/anwei.conf" "$doc_dir/nginx-anwei.conf"

if [ -z "$prefix" ]; then
    chown -R anwei:anwei "$data_dir" "$backup_dir"
    chown root:anwei "$config_dir" "$config_dir/anwei.env"
fi

if with_systemd; then
    systemctl daemon-reload
    systemctl enable anwei.service anwei-backup.timer
    systemctl restart anwei.service
    systemctl start anwei-backup.timer
    say "anwei.service (re)started; see 'journalctl -u anwei -f'"
elif [ -z "$prefix" ]; then
    say "systemd is not running here: start it with 'sudo -u anwei env \$(cat $config_dir/anwei.env | grep -v ^#) $bin_dir/anwei serve'"
fi
say "installed $bin_dir/anwei, the units and $config_dir/anwei.env into ${prefix:-/}"
say "next: the first administrator (Docs/operations.md, \"First administrator\")"
