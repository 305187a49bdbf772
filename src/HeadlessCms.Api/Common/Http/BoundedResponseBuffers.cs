using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// Writes large response bodies in 64 KB slices, each awaited. Kestrel copies every write whole into its pinned buffer
/// pool and only then waits for the socket, and the output cache answers a hit with one write of the whole stored
/// body. So without this, each connection receiving a 430 KB feed or sync page holds 430 KB of pinned memory until the
/// client has read it: 32 such clients pinned 14 MB at the benchmark's peak, and slow readers would pin more. Sliced,
/// a connection holds at most about two slices (Kestrel's flush waits once 64 KB are unsent).
/// </summary>
public static class BoundedResponseBuffers
{
    /// <summary>Kestrel's default <c>MaxResponseBufferSize</c>: a write up to this size goes through as it is.</summary>
    public const int SliceBytes = 64 * 1024;

    /// <summary>
    /// Goes right before app.UseOutputCache(): it slices the cache's hits (written to the body's PipeWriter) and what
    /// endpoints write through Response.Body (responses to keyed requests, which the cache never stores, and misses).
    /// </summary>
    public static IApplicationBuilder UseBoundedResponseBuffers(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.Features.Get<IHttpResponseBodyFeature>() is { } body)
        {
            http.Features.Set<IHttpResponseBodyFeature>(new SlicingBodyFeature(body));
        }

        return next(http);
    });

    private sealed class SlicingBodyFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
    {
        public Stream Stream { get; } = new SlicingStream(inner.Stream);

        public PipeWriter Writer { get; } = new SlicingPipeWriter(inner.Writer);

        public void DisableBuffering() => inner.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);

        public Task CompleteAsync() => inner.CompleteAsync();
    }
}

/// <summary>Passes everything to the writer it wraps, except that a write larger than a slice goes as several, each awaited.</summary>
public sealed class SlicingPipeWriter(PipeWriter inner, int sliceBytes = BoundedResponseBuffers.SliceBytes) : PipeWriter
{
    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
        source.Length <= sliceBytes ? inner.WriteAsync(source, cancellationToken) : WriteSlicedAsync(source, cancellationToken);

    private async ValueTask<FlushResult> WriteSlicedAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        FlushResult result;
        do
        {
            var slice = Math.Min(sliceBytes, source.Length);
            result = await inner.WriteAsync(source[..slice], cancellationToken);
            source = source[slice..];
        }
        while (!source.IsEmpty && !result.IsCompleted && !result.IsCanceled);

        return result;
    }

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;
}

/// <summary>The same for a response stream: a large asynchronous write goes as several; everything else passes through.</summary>
public sealed class SlicingStream(Stream inner, int sliceBytes = BoundedResponseBuffers.SliceBytes) : Stream
{
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.Length <= sliceBytes ? inner.WriteAsync(buffer, cancellationToken) : WriteSlicedAsync(buffer, cancellationToken);

    private async ValueTask WriteSlicedAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        do
        {
            var slice = Math.Min(sliceBytes, buffer.Length);
            await inner.WriteAsync(buffer[..slice], cancellationToken);
            buffer = buffer[slice..];
        }
        while (!buffer.IsEmpty);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
