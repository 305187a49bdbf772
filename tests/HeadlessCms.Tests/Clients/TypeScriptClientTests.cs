using System.Diagnostics;
using System.Net;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessCms.Tests.Clients;

/// <summary>The API on a real loopback port, for clients that run in another process (Node).</summary>
public class LoopbackApiFixture : SqliteFixture
{
    public string Url { get; private set; } = "";

    /// <summary>The product defaults (If-Match required on article writes), as a client meets them.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Url = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    protected override void StartHost(WebApplicationFactory<Program> host)
    {
        host.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        host.StartServer();
    }
}

/// <summary>
/// src/clients/typescript: its types are generated from openapi/openapi.json (and must match what openapi-typescript
/// makes of the committed document now), it type-checks under tsc --strict, and its scenario test (Node's test runner)
/// runs the seed page's editorial and reader flow against a live API. The client is about the contract, not the
/// engine, so this runs once, on SQLite, like the news site.
/// </summary>
public sealed class TypeScriptClientTests(LoopbackApiFixture fx) : IClassFixture<LoopbackApiFixture>
{
    private static readonly string Package = Path.Combine(RepositoryFiles.Root(), "src", "clients", "typescript");
    private static readonly SemaphoreSlim Install = new(1, 1);

    [Fact]
    public async Task Generated_types_match_the_committed_contract()
    {
        await EnsureInstalledAsync();
        var fresh = Path.Combine(Path.GetTempPath(), $"hcms-schema-{Guid.NewGuid():N}.d.ts");
        try
        {
            await RunAsync(Path.Combine(Package, "node_modules", ".bin", "openapi-typescript"), $"../../../openapi/openapi.json -o {fresh}");
            Assert.True(
                await File.ReadAllTextAsync(fresh) == await File.ReadAllTextAsync(Path.Combine(Package, "src", "schema.d.ts")),
                "src/clients/typescript/src/schema.d.ts differs from what openapi-typescript generates from openapi/openapi.json; " +
                "run scripts/update-openapi.sh and commit the result.");
        }
        finally
        {
            File.Delete(fresh);
        }
    }

    [Fact]
    public async Task The_scenario_runs_against_a_live_api()
    {
        await EnsureInstalledAsync();
        var output = await RunAsync("npm", "test", new()
        {
            ["CMS_API_URL"] = fx.Url,
            ["CMS_ADMIN_KEY"] = CmsApiFixture.AdminKey,
        });

        // Node's test runner summary: one test, passed, none skipped (a skipped scenario would prove nothing).
        Assert.Contains("# pass 1", output);
        Assert.Contains("# fail 0", output);
        Assert.Contains("# skipped 0", output);
    }

    private static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            var installed = Path.Combine(Package, "node_modules", ".package-lock.json");
            if (!File.Exists(installed) || File.GetLastWriteTimeUtc(installed) < File.GetLastWriteTimeUtc(Path.Combine(Package, "package-lock.json")))
            {
                await RunAsync("npm", "ci --no-audit --no-fund");
            }
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<string> RunAsync(string command, string arguments, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = Package,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        var all = await output + "\n" + await errors;
        Assert.True(process.ExitCode == 0, $"`{command} {arguments}` in {Package} failed with exit code {process.ExitCode}:\n{all}");
        return all;
    }
}
