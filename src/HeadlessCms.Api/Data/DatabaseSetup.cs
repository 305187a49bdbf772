using System.Runtime.Loader;
using HeadlessCms.Api.Features.ApiKeys;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Data;

public static class DatabaseSetup
{
    public const string SqliteMigrationsAssembly = "HeadlessCms.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "HeadlessCms.Migrations.Postgres";
    public const string DefaultSqlite = "Data Source=data/cms.db";

    /// <summary>
    /// Database:Provider chooses the engine (Sqlite, the default, or Postgres); ConnectionStrings:Cms says where.
    /// Everything else is the same code on both.
    /// </summary>
    public static IServiceCollection AddCmsDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = configuration["Database:Provider"] ?? "Sqlite";
        var connectionString = configuration.GetConnectionString("Cms");
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Cms is empty.");
            }

            ResolveMigrationsAssembly(PostgresMigrationsAssembly);
            services.AddDbContextPool<CmsDbContext>(options => options.UseNpgsql(
                connectionString, npgsql => npgsql.MigrationsAssembly(PostgresMigrationsAssembly)));
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = SqliteConnectionString(connectionString ?? DefaultSqlite, contentRoot);
            ResolveMigrationsAssembly(SqliteMigrationsAssembly);
            services.AddDbContextPool<CmsDbContext>(options => options.UseSqlite(
                sqlite, o => o.MigrationsAssembly(SqliteMigrationsAssembly)));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or Postgres.");
        }

        return services;
    }

    /// <summary>
    /// A relative SQLite path is relative to the content root, not to wherever the process was started,
    /// so `dotnet run --project src/HeadlessCms.Api` and the published app find the same file. The folder is created.
    /// </summary>
    public static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(path, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }

        // Writers queue behind each other for up to 30 s instead of failing with "database is locked".
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return builder.ToString();
    }

    /// <summary>
    /// The migration sets live in their own assemblies (one per provider) that reference this one, so this
    /// assembly cannot reference them; the build copies them next to it, and this resolves them from there.
    /// </summary>
    private static void ResolveMigrationsAssembly(string name)
    {
        if (!ResolvedAssemblies.Add(name))
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += (context, assemblyName) =>
        {
            if (assemblyName.Name != name)
            {
                return null;
            }

            var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
            return File.Exists(path)
                ? context.LoadFromAssemblyPath(path)
                : throw new InvalidOperationException($"The migrations assembly {name}.dll is missing from {AppContext.BaseDirectory}; build the solution.");
        };
    }

    private static readonly HashSet<string> ResolvedAssemblies = [];

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        Console.WriteLine(pending.Count == 0 ? "The database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
    }

    /// <summary>Migrates, switches SQLite to WAL, loads sample content into an empty database and makes sure an admin can get in.</summary>
    public static async Task InitializeAsync(IServiceProvider services, IConfiguration configuration, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (configuration.GetValue("Database:MigrateOnStart", true))
        {
            await db.Database.MigrateAsync(ct);
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer writes; it is a property of the file, so once is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        if (configuration.GetValue("Cms:SeedSampleContent", true))
        {
            await SampleContent.LoadIfEmptyAsync(db, scope.ServiceProvider.GetRequiredService<Common.Text.MarkdownRenderer>(),
                scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
        }

        await EnsureAdminKeyAsync(db, configuration, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
    }

    private static async Task EnsureAdminKeyAsync(CmsDbContext db, IConfiguration configuration, TimeProvider clock, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(configuration["Cms:AdminApiKey"]) || await db.ApiKeys.AnyAsync(k => k.Role == Common.Security.Roles.Admin, ct))
        {
            return;
        }

        var (entity, key) = CreateApiKeyHandler.Issue("bootstrap admin", Common.Security.Roles.Admin, clock.GetUtcNow());
        db.ApiKeys.Add(entity);
        await db.SaveChangesAsync(ct);

        // Straight to the console, not to the logs: log sinks are kept and shipped, a secret must not be.
        Console.WriteLine($"""

            ==================================================================
             No admin API key existed, so one was created. It is shown once:

               {key}

             Use it as 'Authorization: Bearer <key>'. Create more keys with
             POST /api/v1/api-keys, or set Cms:AdminApiKey to use your own.
            ==================================================================

            """);
    }
}
