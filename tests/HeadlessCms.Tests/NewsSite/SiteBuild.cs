using System.Diagnostics;

namespace HeadlessCms.Tests.NewsSite;

/// <summary>
/// Builds src/news-site when its output is missing or older than its inputs, so `dotnet test` works on a fresh
/// clone: `npm ci` when node_modules does not match package-lock.json, then `npm run build` (which regenerates the
/// typed client from openapi/openapi.json). A file lock keeps two test processes from building the same tree at once.
/// </summary>
internal static class SiteBuild
{
    private static readonly SemaphoreSlim InProcess = new(1, 1);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string SiteDirectory => Path.Combine(RepositoryRoot, "src", "news-site");

    public static string Dist => Path.Combine(SiteDirectory, "dist");

    /// <summary>The pinned axe-core that the site's package-lock.json installs.</summary>
    public static string AxeScript => Path.Combine(SiteDirectory, "node_modules", "axe-core", "axe.min.js");

    public static async Task EnsureBuiltAsync()
    {
        await InProcess.WaitAsync();
        try
        {
            using var fileLock = await AcquireFileLockAsync(Path.Combine(SiteDirectory, ".build.lock"));
            var installedLock = Path.Combine(SiteDirectory, "node_modules", ".package-lock.json");
            if (!File.Exists(installedLock) || File.GetLastWriteTimeUtc(installedLock) < File.GetLastWriteTimeUtc(Path.Combine(SiteDirectory, "package-lock.json")))
            {
                await RunAsync("npm", "ci --no-audit --no-fund");
            }

            var built = Path.Combine(Dist, "index.html");
            if (!File.Exists(built) || File.GetLastWriteTimeUtc(built) < NewestInput())
            {
                await RunAsync("npm", "run build");
            }
        }
        finally
        {
            InProcess.Release();
        }
    }

    private static DateTime NewestInput()
    {
        var files = new[] { "index.html", "package.json", "package-lock.json", "tsconfig.json", "vite.config.ts" }
            .Select(f => Path.Combine(SiteDirectory, f))
            .Append(Path.Combine(RepositoryRoot, "openapi", "openapi.json"))
            .Concat(Directory.EnumerateFiles(Path.Combine(SiteDirectory, "src"), "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith("schema.d.ts", StringComparison.Ordinal)))
            .Concat(Directory.EnumerateFiles(Path.Combine(SiteDirectory, "public"), "*", SearchOption.AllDirectories));
        return files.Where(File.Exists).Max(File.GetLastWriteTimeUtc);
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another test process is building this tree; its build is ours too once it finishes.
                await Task.Delay(500);
            }
        }
    }

    private static async Task RunAsync(string command, string arguments)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = SiteDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CI"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{command} {arguments}` in {SiteDirectory} failed with exit code {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HeadlessCms.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("HeadlessCms.sln was not found above " + AppContext.BaseDirectory);
    }
}
