# PaperBrowser: the web app and its command-line verbs in one image.
#
#   docker build -t paperbrowser:local .
#   docker run -d -p 8080:8080 -v paperbrowser-data:/data paperbrowser:local
#   docker run --rm -v paperbrowser-data:/data -v "$PWD/import:/import:ro" paperbrowser:local import /import
#
# Uses no BuildKit-only syntax, so the classic builder (docker-compose v1) builds it as well as BuildKit; the
# RUN steps use nothing but `dotnet`, so no package manager or shell tools are needed in either stage.

# ---- build: restore, then publish -------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build

# Empty folders for the final stage, which has no RUN steps: WORKDIR creates them.
WORKDIR /staging/data
WORKDIR /staging/import

WORKDIR /src
# Restore first, from only what decides the package graph (SDK pin, build props, central package versions,
# and the two project files the web app is built from), so this layer is reused until one of them changes.
COPY global.json Directory.* ./
COPY src/PaperBrowser.Core/PaperBrowser.Core.csproj src/PaperBrowser.Core/
COPY src/PaperBrowser.Web/PaperBrowser.Web.csproj src/PaperBrowser.Web/
# --use-current-runtime (the build machine's, e.g. linux-x64 or linux-arm64): publish then carries only that
# platform's native SQLite library instead of ~30 MB of them for every platform.
RUN dotnet restore src/PaperBrowser.Web/PaperBrowser.Web.csproj --use-current-runtime

# Then the sources (bin/ and obj/ are kept out by .dockerignore, so the restore above stays valid) and the
# bundled sample captures, which the web project publishes as samples/.
COPY data/samples/ data/samples/
COPY src/ src/
# Framework-dependent (the runtime image has .NET); UseAppHost=false: no native launcher, the image starts
# `dotnet PaperBrowser.dll`.
RUN dotnet publish src/PaperBrowser.Web/PaperBrowser.Web.csproj -c Release --no-restore --use-current-runtime \
        --self-contained false -p:UseAppHost=false -o /app

# ---- runtime: ASP.NET Core runtime only, no SDK --------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final

# The program belongs to root and cannot be changed by the app user; only /data is writable by it.
WORKDIR /app
COPY --from=build /app ./
COPY --from=build --chown=app:app /staging/data /data
COPY --from=build /staging/import /import

ENV PaperBrowser__DataDirectory=/data \
    ASPNETCORE_HTTP_PORTS=8080

# Declared after /data got its owner: a new named volume starts as a copy of it (owned by app).
VOLUME /data
EXPOSE 8080

# The non-root user of the aspnet images (uid 1654), by number so runtimes can tell it is not root.
USER $APP_UID

# No curl in the image: the app checks itself (GET http://127.0.0.1:8080/healthz within 3 s, exit 0 on 200).
# The 10 s allowed here also covers starting the short-lived .NET process on a busy host.
HEALTHCHECK --interval=10s --timeout=10s --start-period=60s --retries=3 \
    CMD ["dotnet", "PaperBrowser.dll", "healthcheck"]

# `docker run IMAGE` serves the site; `docker run IMAGE import /import` (or reindex, healthcheck, help)
# runs a command-line verb against the same /data.
ENTRYPOINT ["dotnet", "PaperBrowser.dll"]
