#!/usr/bin/env bash
# Builds Citus once from its public source against the machine's PostgreSQL and
# installs it into a private copy of that PostgreSQL under the cache folder, so
# nothing is written into the system's PostgreSQL directories. Prints the bin
# directory of that copy on stdout (progress goes to stderr).
#
#   CITUS_VERSION   release tag to build (default v13.2.2, the newest 13.x; Citus 13 supports PG 15-17)
#   CITUS_SRC       a directory or .tar.gz of the Citus source to use instead of downloading it
#   CITUS_GIT_DIR   a git directory (a clone or bare mirror) to `git archive` the tag from
#   CITUS_CACHE     cache folder (default ${XDG_CACHE_HOME:-~/.cache}/baketracker-citus; as root,
#                   /var/cache/baketracker-citus when the postgres user cannot reach that)
#   PG_CONFIG       the pg_config of the PostgreSQL to build against (default: the one on $PATH)
set -euo pipefail

CITUS_VERSION=${CITUS_VERSION:-v13.2.2}
CITUS_CACHE=${CITUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/baketracker-citus}
# As root the clusters run as the postgres user, which must reach the programs:
# a cache under a private home (/root is 0700) moves to /var/cache.
if [[ $(id -u) == 0 ]] && ! runuser -u postgres -- test -x "$(dirname "$CITUS_CACHE")" 2>/dev/null; then
	CITUS_CACHE=/var/cache/baketracker-citus
fi
PG_CONFIG=${PG_CONFIG:-pg_config}

log() { printf 'build-citus: %s\n' "$*" >&2; }

pg_major=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
prefix="$CITUS_CACHE/citus-$CITUS_VERSION-pg$pg_major"
root="$prefix/root"
bindir_sys=$("$PG_CONFIG" --bindir)
bindir="$root$bindir_sys"

if [[ -f "$prefix/.installed" ]]; then
	echo "$bindir"
	exit 0
fi

# Build dependencies, installed only when we may (root) and they are missing.
deps=(postgresql-server-dev-"$pg_major" libcurl4-openssl-dev liblz4-dev libzstd-dev libkrb5-dev
	libssl-dev libselinux1-dev libxslt1-dev libreadline-dev libpam0g-dev zlib1g-dev libicu-dev make gcc)
if command -v dpkg-query >/dev/null; then
	missing=()
	for d in "${deps[@]}"; do
		dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q 'install ok installed' || missing+=("$d")
	done
	if ((${#missing[@]})); then
		if [[ $(id -u) == 0 ]]; then
			log "installing build dependencies: ${missing[*]}"
			apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
				{ apt-get update >&2 && apt-get install -y --no-install-recommends "${missing[@]}" >&2; }
		else
			log "missing build dependencies (install them as root): apt-get install ${missing[*]}"
			exit 1
		fi
	fi
fi

src="$prefix/src"
rm -rf "$src" "$root"
mkdir -p "$src"
if [[ -n ${CITUS_SRC:-} && -d $CITUS_SRC ]]; then
	log "source: directory $CITUS_SRC"
	cp -a "$CITUS_SRC/." "$src/"
elif [[ -n ${CITUS_SRC:-} ]]; then
	log "source: tarball $CITUS_SRC"
	tar -xzf "$CITUS_SRC" -C "$src" --strip-components=1
elif [[ -n ${CITUS_GIT_DIR:-} ]]; then
	log "source: git archive $CITUS_VERSION from $CITUS_GIT_DIR"
	git --git-dir="$CITUS_GIT_DIR" archive "$CITUS_VERSION" | tar -x -C "$src"
else
	url="https://github.com/citusdata/citus/archive/refs/tags/$CITUS_VERSION.tar.gz"
	log "source: $url"
	curl -fsSL "$url" | tar -xz -C "$src" --strip-components=1
fi

# Citus 13.1-13.2 define a static have_createdb_privilege() for PG 15, which
# newer PG 15 minors (15.18) export themselves: rename Citus's copy.
compat="$src/src/include/pg_version_compat.h"
if grep -q '^have_createdb_privilege(void)' "$compat" 2>/dev/null &&
	grep -q 'extern bool have_createdb_privilege' "$("$PG_CONFIG" --includedir-server)/commands/dbcommands.h"; then
	log "patching $compat: PostgreSQL $("$PG_CONFIG" --version) exports have_createdb_privilege"
	# The #define may sit between "static inline bool" and the name: a directive is a line of its own.
	sed -i 's/^have_createdb_privilege(void)/#define have_createdb_privilege citus_compat_have_createdb_privilege\ncitus_compat_have_createdb_privilege(void)/' "$compat"
fi

log "building Citus $CITUS_VERSION against PostgreSQL $pg_major (a few minutes)"
(
	cd "$src"
	PG_CONFIG=$PG_CONFIG ./configure >"$prefix/configure.log" 2>&1 ||
		{ tail -30 "$prefix/configure.log" >&2; exit 1; }
	make -j"$(nproc)" PG_CONFIG="$PG_CONFIG" >"$prefix/make.log" 2>&1 || { tail -40 "$prefix/make.log" >&2; exit 1; }
	make install PG_CONFIG="$PG_CONFIG" DESTDIR="$root" >>"$prefix/make.log" 2>&1 || { tail -40 "$prefix/make.log" >&2; exit 1; }
)

# A private PostgreSQL: PostgreSQL finds its lib and share directories relative
# to the real path of its executable, so the programs are copied (not linked)
# into the DESTDIR tree and the system's lib and share files are linked beside
# the ones Citus installed there.
libdir_sys=$("$PG_CONFIG" --pkglibdir)
sharedir_sys=$("$PG_CONFIG" --sharedir)
mkdir -p "$bindir"
cp -a "$bindir_sys/." "$bindir/"
link_missing() { # link every entry of $1 into $2 that $2 does not have, recursing into directories both have
	local from=$1 to=$2 e name
	mkdir -p "$to"
	for e in "$from"/*; do
		name=$(basename "$e")
		if [[ -d $e && ! -L $e && -d $to/$name ]]; then
			link_missing "$e" "$to/$name"
		elif [[ ! -e $to/$name ]]; then
			ln -s "$e" "$to/$name"
		fi
	done
}
link_missing "$libdir_sys" "$root$libdir_sys"
link_missing "$sharedir_sys" "$root$sharedir_sys"
chmod -R a+rX "$CITUS_CACHE" # as root, the clusters run as the postgres user
touch "$prefix/.installed"
log "installed into $root"
echo "$bindir"
