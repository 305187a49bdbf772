using Npgsql;
using Testcontainers.PostgreSql;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>
/// The same API on PostgreSQL. Each fixture (one per test class) gets its own database on one server shared
/// by the whole run. The server is CMS_TEST_POSTGRES (a connection string with rights to create databases)
/// or, when that is not set, a container started through Testcontainers (image CMS_TEST_POSTGRES_IMAGE).
/// Without either, the tests are skipped with the reason, never passed.
/// </summary>
public class PostgresFixture : CmsApiFixture
{
    private string? adminConnectionString;
    private string? database;

    public override string Provider => "Postgres";

    /// <summary>Why this fixture cannot run, or null when it can.</summary>
    public string? SkipReason => PostgresServer.Unavailable;

    public override async ValueTask InitializeAsync()
    {
        if (SkipReason is null)
        {
            await base.InitializeAsync();
        }
    }

    /// <summary>Used in the constructors of the PostgreSQL test classes: skips each test, with the reason, when no server can be had.</summary>
    public PostgresFixture OrSkip()
    {
        if (SkipReason is { } reason)
        {
            // CI sets this: there, a skipped PostgreSQL run would be a silent gap, so it fails instead.
            if (Environment.GetEnvironmentVariable("CMS_TEST_REQUIRE_POSTGRES") == "1")
            {
                Assert.Fail(reason + " (CMS_TEST_REQUIRE_POSTGRES=1)");
            }

            Assert.Skip(reason);
        }

        return this;
    }

    protected override async ValueTask<IReadOnlyDictionary<string, string?>> CreateDatabaseAsync()
    {
        adminConnectionString = await PostgresServer.ConnectionStringAsync();
        database = $"hcms_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database };
        return new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Cms"] = builder.ConnectionString,
        };
    }

    protected override async ValueTask DropDatabaseAsync()
    {
        if (adminConnectionString is null || database is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>One PostgreSQL server for the whole test run, started on first use.</summary>
internal static class PostgresServer
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    public static readonly string? Unavailable = FindReasonToSkip();

    public static Task<string> ConnectionStringAsync() => Server.Value;

    private static string? FindReasonToSkip()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CMS_TEST_POSTGRES")))
        {
            return null;
        }

        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(dockerHost))
        {
            return dockerHost.StartsWith("unix://", StringComparison.Ordinal) && !File.Exists(dockerHost["unix://".Length..])
                ? $"PostgreSQL tests skipped: DOCKER_HOST is {dockerHost} but that socket does not exist, and CMS_TEST_POSTGRES is not set."
                : null;
        }

        return File.Exists("/var/run/docker.sock")
            ? null
            : "PostgreSQL tests skipped: no Docker engine (no DOCKER_HOST, no /var/run/docker.sock) and no CMS_TEST_POSTGRES " +
              "connection string. .ci/run starts both; see the README.";
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("CMS_TEST_POSTGRES") is { Length: > 0 } given)
        {
            return given;
        }

        var image = Environment.GetEnvironmentVariable("CMS_TEST_POSTGRES_IMAGE") is { Length: > 0 } configured
            ? configured
            : "postgres:15-alpine";
        var container = new PostgreSqlBuilder()
            .WithImage(image)
            .WithCommand("-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off")
            .Build();
        await container.StartAsync();

        // Stopped when the test process exits; Ryuk may be disabled where its image cannot be pulled.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return container.GetConnectionString();
    }
}
