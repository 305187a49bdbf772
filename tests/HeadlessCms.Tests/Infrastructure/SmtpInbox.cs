using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>
/// A real SMTP server (the SmtpServer package) listening on a loopback port of this suite's range. Our side sends with
/// MailKit; every message the server accepts is parsed with MimeKit, exactly as a mail server would receive it.
/// </summary>
public sealed class SmtpInbox : IAsyncDisposable
{
    /// <summary>The newsletter suite's ports (61600-61699); each inbox takes the next one that is free.</summary>
    private const int FirstPort = 61600;
    private const int LastPort = 61699;
    private static int nextPort = FirstPort;

    private readonly ConcurrentQueue<MimeMessage> received = new();
    private readonly CancellationTokenSource stop = new();
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? running;

    private SmtpInbox(int port) => Port = port;

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Messages => received;

    /// <summary>A free port of the range, not yet listening: for a test that starts the server later ("SMTP was down").</summary>
    public static int ReservePort()
    {
        for (var attempts = 0; attempts <= LastPort - FirstPort; attempts++)
        {
            var port = FirstPort + ((Interlocked.Increment(ref nextPort) - FirstPort) % (LastPort - FirstPort + 1));
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
                return port;
            }
            catch (SocketException)
            {
                // Taken (another suite, or a server of ours): try the next one.
            }
        }

        throw new InvalidOperationException($"No free port in {FirstPort}-{LastPort}.");
    }

    public static SmtpInbox Start(int? port = null)
    {
        var inbox = new SmtpInbox(port ?? ReservePort());
        inbox.Listen();
        return inbox;
    }

    private void Listen()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("inbox.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    /// <summary>The first received message that matches, waiting for it to arrive (bounded, never a fixed sleep).</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var signal = Volatile.Read(ref arrived).Task;
            if (received.FirstOrDefault(match) is { } message)
            {
                return message;
            }

            try
            {
                await signal.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching message arrived; received: {string.Join(", ", received.Select(m => $"{m.To} '{m.Subject}'"))}");
            }
        }
    }

    /// <summary>Messages addressed to <paramref name="address"/>.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public Task<MimeMessage> WaitForAsync(string address, Func<MimeMessage, bool>? match = null) =>
        WaitForAsync(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)) && (match?.Invoke(m) ?? true));

    private void Add(MimeMessage message)
    {
        received.Enqueue(message);
        Interlocked.Exchange(ref arrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            try
            {
                await running;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
            {
                // The server stops by cancellation; how its listener reports that is not our concern.
            }
        }

        stop.Dispose();
    }

    private sealed class Store(SmtpInbox inbox) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            inbox.Add(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
