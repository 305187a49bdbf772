using System.Net.Http.Headers;
using System.Net.Http.Json;
using HeadlessCms.Api.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>
/// One API instance with its own database, shared by the tests of one class. Concrete fixtures choose the
/// engine, so the same test classes run against each provider.
/// </summary>
public abstract class CmsApiFixture : IAsyncLifetime
{
    public const string AdminKey = "test-bootstrap-admin-key-0123456789";

    private WebApplicationFactory<Program>? factory;
    private readonly Dictionary<string, string> roleKeys = [];
    private readonly SemaphoreSlim keyLock = new(1, 1);

    public abstract string Provider { get; }

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>Prepares the database and returns the settings that point the API at it.</summary>
    protected abstract ValueTask<IReadOnlyDictionary<string, string?>> CreateDatabaseAsync();

    protected virtual ValueTask DropDatabaseAsync() => ValueTask.CompletedTask;

    private IReadOnlyDictionary<string, string?> databaseSettings = new Dictionary<string, string?>();
    private readonly List<WebApplicationFactory<Program>> instances = [];

    public virtual async ValueTask InitializeAsync()
    {
        databaseSettings = await CreateDatabaseAsync();
        factory = NewFactory(new Dictionary<string, string?>());

        // Start the host now so migrations and seeding happen once, outside any test's timing.
        StartHost(factory);
    }

    /// <summary>Starts the host: in memory by default; a fixture that a real browser must reach starts Kestrel instead.</summary>
    protected virtual void StartHost(WebApplicationFactory<Program> host) => _ = host.Server;

    /// <summary>Another API instance on the same database (a multi-instance deployment), with extra settings; disposed with the fixture.</summary>
    public WebApplicationFactory<Program> AnotherInstance(IReadOnlyDictionary<string, string?> extra)
    {
        var instance = NewFactory(extra);
        _ = instance.Server;
        instances.Add(instance);
        return instance;
    }

    private WebApplicationFactory<Program> NewFactory(IReadOnlyDictionary<string, string?> extra) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Cms:AdminApiKey", AdminKey);
            foreach (var (key, value) in Settings.Concat(databaseSettings).Concat(extra))
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestRemoteAddress>());
            builder.ConfigureServices(ConfigureServices);
        });

    /// <summary>
    /// Settings every API of this fixture starts with. Most suites act as "simple clients" that do not send If-Match;
    /// the editorial-safety suite turns the requirement back on (the product default).
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Cms:RequireIfMatch"] = "false",
    };

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async ValueTask DisposeAsync()
    {
        // Tearing down is not what a test asserts: a host that throws while stopping (a background worker meeting the
        // database being dropped) or a drop that races a last connection is reported, not turned into a failed run.
        foreach (var instance in instances)
        {
            await Quietly("stopping an extra instance", () => instance.DisposeAsync().AsTask());
        }

        if (factory is not null)
        {
            await Quietly("stopping the API", () => factory.DisposeAsync().AsTask());
        }

        await Quietly("dropping the test database", () => DropDatabaseAsync().AsTask());
        GC.SuppressFinalize(this);
    }

    private static async Task Quietly(string what, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"test cleanup: {what} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    public HttpClient WithKey(string key)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public HttpClient Admin() => WithKey(AdminKey);

    /// <summary>A client whose requests come from the given remote address (see <see cref="TestRemoteAddress"/>).</summary>
    public HttpClient From(string address, string? key = null)
    {
        var client = key is null ? Anonymous() : WithKey(key);
        client.DefaultRequestHeaders.Add(TestRemoteAddress.Header, address);
        return client;
    }

    /// <summary>A client whose key has the role; the key is created through the API once per fixture.</summary>
    public async Task<HttpClient> As(string role)
    {
        await keyLock.WaitAsync();
        try
        {
            if (!roleKeys.TryGetValue(role, out var key))
            {
                var response = await Admin().PostAsJsonAsync("/api/v1/api-keys", new { name = $"test {role}", role });
                response.EnsureSuccessStatusCode();
                key = (await response.Content.ReadFromJsonAsync<CreatedKey>())!.Key;
                roleKeys[role] = key;
            }

            return WithKey(key);
        }
        finally
        {
            keyLock.Release();
        }
    }

    public Task<HttpClient> Editor() => As("editor");

    public T Service<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    public CmsDbContext NewDbContext() => Factory.Services.CreateScope().ServiceProvider.GetRequiredService<CmsDbContext>();

    private sealed record CreatedKey(string Key);
}

/// <summary>SQLite in a temporary file, like the embedded default.</summary>
public class SqliteFixture : CmsApiFixture
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "hcms-tests", Guid.NewGuid().ToString("N"));

    public override string Provider => "Sqlite";

    protected override ValueTask<IReadOnlyDictionary<string, string?>> CreateDatabaseAsync()
    {
        Directory.CreateDirectory(directory);
        return ValueTask.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Cms"] = $"Data Source={Path.Combine(directory, "cms.db")}",
        });
    }

    protected override ValueTask DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a run over cleanup.
        }

        return ValueTask.CompletedTask;
    }
}
