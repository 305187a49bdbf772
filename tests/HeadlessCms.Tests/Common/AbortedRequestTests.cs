using HeadlessCms.Api.Common.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeadlessCms.Tests.Common;

/// <summary>
/// A request its client abandoned (the benchmark's readiness probe giving up under load) is not a server error: no 500,
/// no error in the log. Found when a cancelled /health/ready was logged as an unhandled exception.
/// </summary>
public sealed class AbortedRequestTests
{
    [Fact]
    public async Task A_cancellation_after_the_client_left_is_a_499_and_no_error()
    {
        var logger = new ListLogger();
        var problems = new RecordingProblems();
        var handler = new ProblemExceptionHandler(problems, logger);
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        var http = new DefaultHttpContext { RequestAborted = aborted.Token };
        http.Request.Path = "/health/ready";

        Assert.True(await handler.TryHandleAsync(http, new TaskCanceledException(), CancellationToken.None));

        Assert.Equal(ProblemExceptionHandler.ClientClosedRequest, http.Response.StatusCode);
        Assert.DoesNotContain(logger.Levels, level => level >= LogLevel.Warning);
        Assert.Equal(0, problems.Written);
    }

    [Fact]
    public async Task A_cancellation_while_the_client_still_waits_is_a_logged_500()
    {
        var logger = new ListLogger();
        var problems = new RecordingProblems();
        var handler = new ProblemExceptionHandler(problems, logger);
        var http = new DefaultHttpContext();

        Assert.True(await handler.TryHandleAsync(http, new TaskCanceledException(), CancellationToken.None));

        Assert.Equal(StatusCodes.Status500InternalServerError, http.Response.StatusCode);
        Assert.Contains(LogLevel.Error, logger.Levels);
        Assert.Equal(1, problems.Written);
    }

    private sealed class ListLogger : ILogger<ProblemExceptionHandler>
    {
        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Levels.Add(logLevel);
    }

    private sealed class RecordingProblems : IProblemDetailsService
    {
        public int Written { get; private set; }

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            Written++;
            return ValueTask.CompletedTask;
        }
    }
}
