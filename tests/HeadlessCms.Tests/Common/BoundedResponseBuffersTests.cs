using System.IO.Pipelines;
using HeadlessCms.Api.Common.Http;

namespace HeadlessCms.Tests.Common;

/// <summary>
/// What the slicing is for: a pipe that, like Kestrel's, applies back-pressure only when a flush finds 64 KB unsent.
/// One 430 KB write reaches the reader whole; sliced, the reader never holds much more than a slice, and every byte
/// arrives in order.
/// </summary>
public sealed class BoundedResponseBuffersTests
{
    private const int Body = 430 * 1024;

    [Fact]
    public async Task A_large_write_is_held_a_slice_at_a_time_and_arrives_intact()
    {
        var source = new byte[Body];
        new Random(7).NextBytes(source);

        var (whole, wholeMax) = await SendAsync(pipe => pipe, source);
        Assert.Equal(source, whole);
        Assert.Equal(Body, wholeMax);

        var (sliced, slicedMax) = await SendAsync(pipe => new SlicingPipeWriter(pipe), source);
        Assert.Equal(source, sliced);
        Assert.InRange(slicedMax, 1, 2 * BoundedResponseBuffers.SliceBytes);
    }

    [Fact]
    public async Task A_large_write_to_the_response_stream_is_held_a_slice_at_a_time_and_arrives_intact()
    {
        var source = new byte[Body];
        new Random(11).NextBytes(source);

        var (whole, wholeMax) = await SendAsync(pipe => pipe, source, stream => stream);
        Assert.Equal(source, whole);
        Assert.Equal(Body, wholeMax);

        var (sliced, slicedMax) = await SendAsync(pipe => pipe, source, stream => new SlicingStream(stream));
        Assert.Equal(source, sliced);
        Assert.InRange(slicedMax, 1, 2 * BoundedResponseBuffers.SliceBytes);
    }

    [Fact]
    public async Task A_write_within_a_slice_passes_through_as_one()
    {
        var source = new byte[BoundedResponseBuffers.SliceBytes];
        var (received, max) = await SendAsync(pipe => new SlicingPipeWriter(pipe), source);
        Assert.Equal(source.Length, received.Length);
        Assert.Equal(source.Length, max);
    }

    /// <summary>
    /// Writes the source with one WriteAsync through the writer made from the pipe (or through the stream made from that
    /// writer's stream); returns what the reader got and the most it held at once.
    /// </summary>
    private static async Task<(byte[] Received, long MaxHeld)> SendAsync(Func<PipeWriter, PipeWriter> writerOf, byte[] source, Func<Stream, Stream>? streamOf = null)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false));
        var received = new MemoryStream();
        long maxHeld = 0;
        var reader = Task.Run(async () =>
        {
            while (true)
            {
                var read = await pipe.Reader.ReadAsync(TestContext.Current.CancellationToken);
                maxHeld = Math.Max(maxHeld, read.Buffer.Length);
                foreach (var segment in read.Buffer)
                {
                    received.Write(segment.Span);
                }

                pipe.Reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    return;
                }
            }
        });

        var writer = writerOf(pipe.Writer);
        if (streamOf is null)
        {
            await writer.WriteAsync(source, TestContext.Current.CancellationToken);
        }
        else
        {
            await streamOf(writer.AsStream(leaveOpen: true)).WriteAsync(source, TestContext.Current.CancellationToken);
        }

        await writer.CompleteAsync();
        await reader.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return (received.ToArray(), maxHeld);
    }
}
