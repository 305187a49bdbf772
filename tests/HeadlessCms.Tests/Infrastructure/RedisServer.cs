using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>
/// A private redis-server (Debian's redis-server package; .ci/run installs it) on a free loopback port, which a test
/// can stop and start again on the same port to play an outage. Tests that need it are skipped, with the reason,
/// where it is not installed; CI fails on any skip.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private Process? process;

    public static string? Unavailable => File.Exists(Executable) ? null : $"{Executable} is not installed (apt-get install redis-server); .ci/run installs it.";

    public int Port { get; } = FreePort();

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        if (Unavailable is { } reason)
        {
            Assert.Skip(reason);
        }

        var server = new RedisServer();
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        process = Process.Start(new ProcessStartInfo(Executable,
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Ready when it accepts a connection; bounded, and a failure says so.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Kills it (like a crash): connections drop at once.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
