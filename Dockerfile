# syntax=docker/dockerfile:1
# TypingGateway container images.
#
#   docker build .                      -> gateway image (last stage = default target)
#   docker build --target simulator .   -> upstream simulator image (for compose / load tests)
#
# Both images come from one build stage that runs build/publish.sh, the same script CI
# runs, so the image holds exactly what CI built and tested.

# ---------------------------------------------------------------------------------------
# build: the full SDK, only used to publish; nothing from it except /out reaches an image.
# ---------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# No telemetry from throw-away build containers.
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
WORKDIR /src
# Copy the repo as a whole (filtered by .dockerignore: no bin/obj/.git/tests...). Root
# build files (global.json, Directory.*.props/targets, .editorconfig) must come along:
# they set the TFM, central package versions, the YARP reference and analyzer severities,
# and the image must build exactly as CI does.
COPY . .
# The one publish command (see build/publish.sh). Restore runs inside it against the
# normal NuGet feed, where Yarp.ReverseProxy's PackageDownload and HintPath Reference
# resolve as usual. The BuildKit cache mount keeps the NuGet package folder between
# builds without a second, separate restore step; `locked` because compose builds the
# gateway and simulator targets in parallel. (RUN --mount needs BuildKit, the default
# builder since Docker 23 and always used by `docker compose build`.)
RUN --mount=type=cache,id=typinggateway-nuget,target=/root/.nuget/packages,sharing=locked \
    bash build/publish.sh /out

# ---------------------------------------------------------------------------------------
# simulator: fake contact-center upstream (Genesys / CXone / echo) for compose and tests.
# ---------------------------------------------------------------------------------------
# aspnet runtime image: ASP.NET Core shared framework only, no SDK (smaller, less to patch).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS simulator
WORKDIR /app
# Files stay root-owned and read-only to the app user: the process cannot rewrite its
# own binaries.
COPY --from=build /out/simulator/ ./
# Listen on 8080 on all interfaces: an unprivileged port (we do not run as root) and the
# port the .NET images already use. Clearing ASPNETCORE_HTTP_PORTS (set to 8080 by the
# base image) avoids Kestrel's "Overriding HTTP_PORTS" warning at every start.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=""
EXPOSE 8080
# Non-root: the .NET 8+ images create the `app` user and export its id as APP_UID.
USER $APP_UID
# Exec form: dotnet is PID 1 and receives SIGTERM directly, so `docker stop` triggers
# ASP.NET Core's graceful shutdown (open chat sockets are closed cleanly).
ENTRYPOINT ["dotnet", "TypingGateway.Simulator.dll"]

# ---------------------------------------------------------------------------------------
# gateway: the product image. Last stage on purpose, so a plain `docker build .` gives it.
# ---------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS gateway
WORKDIR /app
# Includes /app/config (routes, clusters, typing profiles, limits, credential references)
# copied there by the csproj; the gateway reads <app>/config by default. Deployments
# override single values with TYPINGGATEWAY__... environment variables, or mount their
# own files over /app/config.
COPY --from=build /out/gateway/ ./
# Listen on all interfaces. The gateway applies its developer default (127.0.0.1:5080) only
# when no urls/http_ports/Kestrel endpoint is configured, so ASPNETCORE_URLS wins here.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=""
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "TypingGateway.dll"]
