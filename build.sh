#!/usr/bin/env bash
# Bootstrap, as Nuke's build.sh: find or install the SDK global.json asks for, then run build/_build.csproj.
set -eo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$SCRIPT_DIR"

BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
TEMP_DIRECTORY="$SCRIPT_DIR/.nuke/temp"
# Built apart from build/bin, so the Compile target (which builds the solution) never overwrites the running build.
BUILD_OUTPUT="$TEMP_DIRECTORY/build-bin"
DOTNET_INSTALL_URL="https://dot.net/v1/dotnet-install.sh"

mkdir -p "$TEMP_DIRECTORY"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_MULTILEVEL_LOOKUP=0

# global.json pins x.y.zzz with rollForward latestFeature: any installed x.y.ZZZ with ZZZ >= zzz will do.
required="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([0-9.]*\)".*/\1/p' global.json | head -n 1)"
required_prefix="${required%.*}"
required_band="${required##*.}"

sdk_satisfies() {
    local dotnet="$1" version
    [[ -x "$(command -v "$dotnet" 2>/dev/null)" ]] || return 1
    while read -r version _; do
        version="${version%%-*}"
        if [[ "${version%.*}" == "$required_prefix" && "${version##*.}" -ge "$required_band" ]]; then
            return 0
        fi
    done < <("$dotnet" --list-sdks 2>/dev/null)
    return 1
}

if sdk_satisfies dotnet; then
    DOTNET_EXE="$(command -v dotnet)"
else
    DOTNET_DIRECTORY="$TEMP_DIRECTORY/dotnet"
    DOTNET_EXE="$DOTNET_DIRECTORY/dotnet"
    if ! sdk_satisfies "$DOTNET_EXE"; then
        echo "No .NET SDK ${required_prefix}.x (>= $required) on PATH; installing into $DOTNET_DIRECTORY"
        curl -sSL "$DOTNET_INSTALL_URL" -o "$TEMP_DIRECTORY/dotnet-install.sh"
        chmod +x "$TEMP_DIRECTORY/dotnet-install.sh"
        "$TEMP_DIRECTORY/dotnet-install.sh" --install-dir "$DOTNET_DIRECTORY" --channel "$required_prefix" --no-path
    fi
    export DOTNET_ROOT="$DOTNET_DIRECTORY"
fi

"$DOTNET_EXE" build "$BUILD_PROJECT_FILE" -nologo -verbosity:quiet -clp:NoSummary -o "$BUILD_OUTPUT" >"$TEMP_DIRECTORY/build.log" 2>&1 \
    || { cat "$TEMP_DIRECTORY/build.log"; echo "The build project does not compile (see above)." >&2; exit 1; }
exec "$DOTNET_EXE" "$BUILD_OUTPUT/_build.dll" "$@"
