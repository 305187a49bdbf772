# syntax=docker/dockerfile:1
# Multi-stage: the SDK builds and publishes, the small ASP.NET runtime image runs as a non-root user.
#   docker build -t headless-cms .
#   docker run -p 8080:8080 -v cms-data:/app/data headless-cms                       # SQLite on the volume
#   docker run -p 8080:8080 -e Database__Provider=Postgres \
#     -e ConnectionStrings__Cms="Host=db;Database=cms;Username=cms;Password=..." headless-cms  # PostgreSQL
# Configuration comes from environment variables, e.g. ConnectionStrings__Cms, Cms__AdminApiKey.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY HeadlessCms.sln ./
COPY src/HeadlessCms.Api/HeadlessCms.Api.csproj src/HeadlessCms.Api/
COPY src/HeadlessCms.Migrations.Sqlite/HeadlessCms.Migrations.Sqlite.csproj src/HeadlessCms.Migrations.Sqlite/
COPY src/HeadlessCms.Migrations.Postgres/HeadlessCms.Migrations.Postgres.csproj src/HeadlessCms.Migrations.Postgres/
RUN dotnet restore src/HeadlessCms.Api/HeadlessCms.Api.csproj \
 && dotnet restore src/HeadlessCms.Migrations.Sqlite/HeadlessCms.Migrations.Sqlite.csproj \
 && dotnet restore src/HeadlessCms.Migrations.Postgres/HeadlessCms.Migrations.Postgres.csproj
COPY src/ src/
RUN dotnet publish src/HeadlessCms.Api/HeadlessCms.Api.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The SQLite file lives on a volume so it survives new containers; the app user owns it.
RUN mkdir -p /app/data && chown -R app:app /app/data
VOLUME ["/app/data"]
USER app
ENV Urls=http://+:8080 \
    ConnectionStrings__Cms="Data Source=/app/data/cms.db"
EXPOSE 8080
# The runtime image has no curl; the SDK's own tooling is not there either, so probe with bash's /dev/tcp.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200 "'
ENTRYPOINT ["dotnet", "HeadlessCms.Api.dll"]
