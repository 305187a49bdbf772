using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.Imports;

/// <summary>
/// Consumers we did not write: the CommonMark reference implementation (commonmark.js, pinned in Features/Imports/commonmark)
/// renders the imported drafts' Markdown, and its block structure and text must match what the API renders and stores.
/// The engine does not matter to it, so it runs once, on SQLite.
/// </summary>
public sealed class ImportConsumerTests(SqliteFixture fx) : IClassFixture<SqliteFixture>
{
    private static readonly SemaphoreSlim NpmLock = new(1, 1);

    [Fact]
    public async Task CommonMark_renders_imported_drafts_as_the_api_does()
    {
        var editor = await fx.Editor();
        var documents = new (string ContentType, string Body)[]
        {
            ("text/plain", ImportTests.PageCapture(Unique("Consumer Capture"), ImportTests.Name("Cam"))),
            ("text/html", $"<h1>{Unique("Consumer Html")}</h1><p>By Hal Example</p><p>Text with <em>emphasis</em>, " +
                "a <a href=\"https://example.org/a?b=1&amp;c=2\">link</a> and 3 &lt; 4.</p><ol><li>One</li><li>Two <code>x*y</code></li></ol>" +
                "<blockquote><p>A quote.</p></blockquote><pre><code>line 1\n  line 2</code></pre>"),
        };

        foreach (var (contentType, body) in documents)
        {
            var result = await editor.PostAsync("/api/v1/imports", new StringContent(body, Encoding.UTF8, contentType)).Expect(HttpStatusCode.Created);
            var article = result["article"]!;

            var reference = await RenderWithCommonMark(article.Str("body"));

            Assert.Equal(Blocks(reference), Blocks(article.Str("bodyHtml")));
            Assert.False(HeadlessCms.Api.Common.Text.MojibakeRepair.LooksDamaged(reference));
        }
    }

    /// <summary>scripts/import.sh, with curl, against the API listening on a real port: a folder of mixed documents.</summary>
    [Fact]
    public async Task The_bulk_import_script_imports_a_folder_into_a_live_server()
    {
        await using var server = await LiveServer.StartAsync();
        var folder = Directory.CreateTempSubdirectory("hcms-import-").FullName;
        try
        {
            var titles = new[] { Unique("Script Markdown"), Unique("Script Capture"), Unique("Script Html"), Unique("Script Ninjs") };
            await File.WriteAllTextAsync(Path.Combine(folder, "a.md"), $"# {titles[0]}\n\nBy Script Example\n\nEuropeâ€™s text.");
            await File.WriteAllTextAsync(Path.Combine(folder, "b.txt"), ImportTests.PageCapture(titles[1], ImportTests.Name("Sky")));
            await File.WriteAllTextAsync(Path.Combine(folder, "c.html"), $"<h1>{titles[2]}</h1><p>By Script Example</p><p>Body.</p>");
            await File.WriteAllTextAsync(Path.Combine(folder, "d.json"),
                new JsonObject { ["headline"] = titles[3], ["byline"] = "Script Example", ["body_text"] = "Body." }.ToJsonString());
            await File.WriteAllTextAsync(Path.Combine(folder, "e.md"), "No title here.");
            await File.WriteAllTextAsync(Path.Combine(folder, "notes.pdf"), "%PDF");

            var (code, output) = await Run(RepositoryFiles.Root(), "bash", $"scripts/import.sh {folder}", null,
                new Dictionary<string, string> { ["CMS_URL"] = server.Url, ["CMS_KEY"] = LiveServer.Key });

            Assert.True(code == 1, $"import.sh should exit 1 when a file is refused: {output}");
            Assert.Contains("imported 4, refused 1, skipped 1", output, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^400 +No title was found", output);
            using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LiveServer.Key);
            foreach (var title in titles)
            {
                var slug = HeadlessCms.Api.Common.Text.Slugs.FromText(title);
                Assert.Matches($@"(?m)^201 +{slug} +\d+ +\d+", output);
                var article = await client.GetAsync($"/api/v1/articles/{slug}").Expect(HttpStatusCode.OK);
                Assert.Equal("draft", article.Str("status"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The block elements in order, with their text: what a reader sees, whatever the attributes.</summary>
    private static List<string> Blocks(string html)
    {
        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        return document.Body!.QuerySelectorAll("h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, a, em, strong, code")
            .Select(e => $"{e.LocalName}: {string.Join(' ', e.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}" +
                (e.LocalName == "a" ? " → " + e.GetAttribute("href") : ""))
            .ToList();
    }

    private static async Task<string> RenderWithCommonMark(string markdown)
    {
        var directory = Path.Combine(RepositoryFiles.Root(), "tests", "HeadlessCms.Tests", "Features", "Imports", "commonmark");
        await NpmLock.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(directory, "node_modules", "commonmark")))
            {
                var (code, output) = await Run(directory, "npm", "ci --no-audit --no-fund", null);
                Assert.True(code == 0, $"npm ci failed: {output}");
            }
        }
        finally
        {
            NpmLock.Release();
        }

        var (exit, html) = await Run(directory, "node", "render.js", markdown);
        Assert.True(exit == 0, $"commonmark.js failed: {html}");
        return html;
    }

    private static async Task<(int Code, string Output)> Run(
        string directory, string file, string arguments, string? input, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>The API on a real loopback port (Kestrel, not the in-memory test server), on the first free port of 61540-61599.</summary>
internal sealed class LiveServer : IAsyncDisposable
{
    public const string Key = "live-import-admin-key-0123456789abcdef";

    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory;
    private readonly string directory;

    private LiveServer(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string directory, string url)
    {
        this.factory = factory;
        this.directory = directory;
        Url = url;
    }

    public string Url { get; }

    public static Task<LiveServer> StartAsync()
    {
        for (var port = 61540; port < 61600; port++)
        {
            var directory = Directory.CreateTempSubdirectory("hcms-live-").FullName;
            var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            {
                builder.UseSetting("ConnectionStrings:Cms", $"Data Source={Path.Combine(directory, "cms.db")}");
                builder.UseSetting("Cms:AdminApiKey", Key);
                builder.UseSetting("Cms:SeedSampleContent", "false");
                builder.UseSetting("Cms:RequireIfMatch", "false");
            });
            var bound = port;
            factory.UseKestrel(options => options.Listen(IPAddress.Loopback, bound));
            try
            {
                factory.StartServer();
                return Task.FromResult(new LiveServer(factory, directory, $"http://127.0.0.1:{port}"));
            }
            catch (Exception e) when (e is IOException || e.InnerException is IOException)
            {
                factory.Dispose();
            }
        }

        throw new InvalidOperationException("No free port in 61540-61599.");
    }

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
