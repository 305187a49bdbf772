using System.Net;
using System.Text.Json;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace HeadlessCms.Tests.NewsSite;

/// <summary>
/// The API on a real loopback port (Kestrel, SQLite: the site does not care about the engine, so this suite runs once),
/// the built news site served from a second port (a different origin, so the browser really applies CORS), and one
/// Debian Chromium driven by Playwright with one shared browser context.
/// </summary>
public sealed class NewsSiteFixture : SqliteFixture
{
    /// <summary>Comment submissions per reader per minute: small, so the "slow down" state is reached in a few posts.</summary>
    public const int SubmissionLimit = 3;

    /// <summary>Articles per page, set through the site's runtime config.js; small so the sample content pages.</summary>
    public const int PageSize = 3;

    private WebApplication? site;
    private IPlaywright? playwright;

    public string ChromiumPath { get; } = Environment.GetEnvironmentVariable("HCMS_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>Why the suite cannot run here (no Chromium, no npm), or null.</summary>
    public string? Unavailable { get; private set; }

    public string SiteUrl { get; private set; } = "";

    public string ApiUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The context the reading scenarios share (one reader); scenarios that need another reader open their own.</summary>
    public IBrowserContext Context { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } =
        Path.Combine(SiteBuild.RepositoryRoot, "tests", "HeadlessCms.Tests", "TestResults", "site-screenshots");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:RequireIfMatch"] = "false",
        ["Cms:Comments:ClientSecret"] = "site-test-client-secret",
        ["Cms:Comments:RateLimits:Submissions"] = SubmissionLimit.ToString(),
        ["Cms:Comments:RateLimits:Likes"] = "100",

        // The API's own CORS (Common/Security/Cors.cs): anonymous reads from any origin, writes from the site's origin only.
        ["Cms:Cors:Origins:0"] = SiteUrl,
    };

    public override async ValueTask InitializeAsync()
    {
        Unavailable = !File.Exists(ChromiumPath)
            ? $"Chromium is not installed at {ChromiumPath} (apt-get install chromium, or set HCMS_CHROMIUM)."
            : !OnPath("npm") ? "npm is not installed (the news site is built with npm)." : null;
        if (Unavailable is not null)
        {
            return;
        }

        await SiteBuild.EnsureBuiltAsync();
        site = StartSite();
        await site.StartAsync();
        SiteUrl = AddressOf(site.Services);

        await base.InitializeAsync();
        ApiUrl = AddressOf(Factory.Services);

        // Waits are for a state to appear, never fixed sleeps; the bounds are wide because CI machines have two busy cores
        // (a page that renders in 200 ms on an idle machine took over 5 s under a full parallel suite).
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
        Context = await NewContextAsync();
    }

    /// <summary>A browser context on the site, with every request that would leave the machine refused.</summary>
    public async Task<IBrowserContext> NewContextAsync(string? userAgent = null, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = SiteUrl,
            UserAgent = userAgent,
            ViewportSize = new() { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(30_000);
        await context.RouteAsync(url => !IsLoopback(url), route => route.AbortAsync());
        return context;
    }

    protected override void StartHost(WebApplicationFactory<Program> host)
    {
        host.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        host.StartServer();
    }

    /// <summary>
    /// Closing is cleanup, not what a test checks: a Chromium page that never answers its close (seen once, after a form
    /// POST, and it held the whole suite with no CPU in use) must not stop the run. Twenty seconds, then move on.
    /// </summary>
    public static Task ClosePageAsync(IPage page) => WithinAsync(page.CloseAsync());

    private static async Task WithinAsync(Task close)
    {
        try
        {
            await close.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine("NewsSite: a Chromium close did not answer within 20 s; going on without it.");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Unavailable is null)
        {
            await WithinAsync(Context.CloseAsync());
            await WithinAsync(Browser.CloseAsync());
        }

        playwright?.Dispose();
        if (site is not null)
        {
            await site.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>dist/ as any static host serves it, plus a config.js that points the site at this run's API.</summary>
    private WebApplication StartSite()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var files = new PhysicalFileProvider(SiteBuild.Dist);
        app.Use(async (context, next) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            if (context.Request.Path == "/config.js")
            {
                context.Response.ContentType = "text/javascript";
                await context.Response.WriteAsync(
                    $"window.newsSiteConfig = {{ apiBaseUrl: {JsonSerializer.Serialize(ApiUrl)}, pageSize: {PageSize} }};");
                return;
            }

            await next();
        });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = new FileExtensionContentTypeProvider() });
        // Every other path is a page of the site, routed in the browser.
        app.Run(context => context.Response.SendFileAsync(files.GetFileInfo("index.html")));
        return app;
    }

    private static string AddressOf(IServiceProvider services) =>
        services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme is "data" or "blob" || uri.IsLoopback);

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(directory => File.Exists(Path.Combine(directory, command)));
}
