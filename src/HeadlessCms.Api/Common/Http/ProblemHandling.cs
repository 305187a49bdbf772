using System.Diagnostics;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// The one error path: every exception that reaches the pipeline becomes application/problem+json.
/// Client mistakes map to 4xx with a useful detail; anything else is a 500 with a trace id and no internals.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        // Invalid text or a repeated member in a body is a field error like any other, not just "malformed JSON".
        if (exception is BadHttpRequestException { InnerException: JsonException json } && JsonInput.FieldError(json) is { } fieldError)
        {
            exception = fieldError;
        }

        var problem = Map(exception);
        if (problem.Status == StatusCodes.Status413PayloadTooLarge)
        {
            problem.Detail = TooLarge(RequestLimits.For(http));
        }
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);
        }

        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = ApiKeyDefaults.Challenge;
        }

        http.Response.StatusCode = problem.Status!.Value;
        if (exception is ProblemException { Headers.Count: > 0 } withHeaders)
        {
            foreach (var (name, value) in withHeaders.Headers)
            {
                http.Response.Headers[name] = value;
            }
        }

        // A client whose Accept header rules out JSON gets the status and headers with an empty body. Reporting the
        // exception as unhandled instead would let the middleware rethrow it and turn a 404 into a 500.
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
            Exception = exception,
        });
        return true;
    }

    /// <summary>The problem an exception answers; also used where one request reports several outcomes (batch imports).</summary>
    public static ProblemDetails Map(Exception exception) => exception switch
    {
        ValidationException v => new HttpValidationProblemDetails(ValidationRules.ToErrorDictionary(v.Errors))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        },
        ProblemException p => WithExtensions(new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Message }, p),
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } b => BadRequests.ToFieldError(b),
        BadHttpRequestException b => new ProblemDetails
        {
            // No title: the standard one for the status is filled in, the same as for the status-code pages.
            Status = b.StatusCode,
            Detail = DescribeBadRequest(b),
        },
        // Two writers read the same version; the other one saved first.
        DbUpdateConcurrencyException => new ProblemDetails
        {
            Status = StatusCodes.Status412PreconditionFailed,
            Title = "Precondition Failed",
            Detail = "The resource was changed by another request while this one was being applied. Fetch it again and reapply your change.",
        },
        DbUpdateException db when UniqueViolation.IsUniqueViolation(db) => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict",
            Detail = "A resource with the same unique value (such as the slug) already exists.",
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred.",
            Detail = "The error has been logged; quote the traceId when reporting it.",
        },
    };

    private static ProblemDetails WithExtensions(ProblemDetails problem, ProblemException source)
    {
        foreach (var (key, value) in source.Extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    private static string DescribeBadRequest(BadHttpRequestException b)
    {
        if (b.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(RequestLimits.MaxBodyBytes);
        }

        return b.Message;
    }

    private static string TooLarge(long limit) => $"The request body is larger than the limit of {limit} bytes.";

    /// <summary>
    /// Every problem has a type (RFC 9457 3.1.1): the section of the RFC that defines its status. ASP.NET fills in some
    /// statuses itself; 412, 413, 428 and 429 it leaves without one.
    /// </summary>
    private static string TypeFor(int? status) => status switch
    {
        StatusCodes.Status428PreconditionRequired => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        StatusCodes.Status429TooManyRequests => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "https://www.rfc-editor.org/rfc/rfc6585#section-5",
        { } known when known is >= 400 and <= 417 or 421 or 422 or 426 or >= 500 and <= 505 => $"https://www.rfc-editor.org/rfc/rfc9110#status.{known}",
        _ => "about:blank",
    };

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => "No resource exists at this address.",
            StatusCodes.Status405MethodNotAllowed => "This address does not support the request method.",
            StatusCodes.Status413PayloadTooLarge => TooLarge(RequestLimits.For(context.HttpContext)),
            StatusCodes.Status415UnsupportedMediaType =>
                "This endpoint does not take a body of this Content-Type: send 'application/json' (or 'application/merge-patch+json' to PATCH).",
            _ => null,
        };
        problem.Type ??= TypeFor(problem.Status);
        if (problem.Status == StatusCodes.Status400BadRequest && problem is not HttpValidationProblemDetails && !problem.Extensions.ContainsKey("errors"))
        {
            // Every 400 has the shape of a validation answer, so a client reads one kind of bad-request problem.
            problem.Extensions["errors"] = new Dictionary<string, string[]> { ["request"] = [problem.Detail ?? "The request could not be read."] };
        }

        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }
}
