
namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// A failure the client can act on. The exception handler turns it into RFC 9457 problem JSON;
/// handlers throw these instead of returning a second error channel.
/// </summary>
public abstract class ProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    /// <summary>Response headers that belong to the problem, such as Retry-After.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>();
}

public sealed class NotFoundException(string resource, string key)
    : ProblemException(StatusCodes.Status404NotFound, "Not Found", $"{resource} '{key}' was not found.");

public sealed class ConflictException(string detail)
    : ProblemException(StatusCodes.Status409Conflict, "Conflict", detail);

public sealed class ForbiddenException(string detail)
    : ProblemException(StatusCodes.Status403Forbidden, "Forbidden", detail);

public sealed class UnauthorizedException(string detail)
    : ProblemException(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

/// <summary>412: the client's If-Match names a version that is no longer current. The body says which one is.</summary>
public sealed class PreconditionFailedException : ProblemException
{
    public PreconditionFailedException(string resource, int currentVersion)
        : base(StatusCodes.Status412PreconditionFailed, "Precondition Failed",
            $"The {resource} has changed since the version named in If-Match. Fetch it again and reapply your change.")
    {
        Extensions["currentVersion"] = currentVersion;
    }
}

public sealed class PreconditionRequiredException(string resource)
    : ProblemException(StatusCodes.Status428PreconditionRequired, "Precondition Required",
        $"Writes to this {resource} need an If-Match header with the ETag you last read, so no one's change is lost.");

/// <summary>429 from a rate limit; Retry-After says in how many seconds the window reopens.</summary>
public sealed class TooManyRequestsException : ProblemException
{
    public TooManyRequestsException(TimeSpan? retryAfter, string detail = "Too many requests from this client; wait and try again.")
        : base(StatusCodes.Status429TooManyRequests, "Too Many Requests", detail)
    {
        if (retryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Extensions["retryAfterSeconds"] = seconds;
        }
    }
}
