using System.Diagnostics;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// One structured line per request: method, path, status, elapsed time and the key's name when there is one.
/// Never headers, bodies or query strings (a key or an email must not reach the logs). Successful reads are the
/// bulk of the traffic, so they log at Debug; writes and every error log at Information.
/// </summary>
public static partial class RequestLogging
{
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("HeadlessCms.Requests");
        return app.Use(async (http, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(http);
            }
            finally
            {
                var status = http.Response.StatusCode;
                var method = HeadRequests.ClientMethod(http);
                var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
                var level = read && status < 400 ? LogLevel.Debug : LogLevel.Information;
                if (logger.IsEnabled(level))
                {
                    Log(logger, level, method, http.Request.Path, status,
                        Stopwatch.GetElapsedTime(started).TotalMilliseconds, http.User.Identity?.Name);
                }
            }
        });
    }

    [LoggerMessage("{Method} {Path} answered {Status} in {ElapsedMs:0.0} ms (key: {KeyName})")]
    private static partial void Log(ILogger logger, LogLevel level, string method, string path, int status, double elapsedMs, string? keyName);
}
