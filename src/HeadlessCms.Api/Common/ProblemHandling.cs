using System.Diagnostics;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Common;

/// <summary>
/// The one error path: every exception that reaches the pipeline becomes application/problem+json.
/// Client mistakes map to 4xx with a useful detail; anything else is a 500 with a trace id and no internals.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);
        }

        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = ApiKeyDefaults.Challenge;
        }

        http.Response.StatusCode = problem.Status!.Value;

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

    private static ProblemDetails Map(Exception exception) => exception switch
    {
        ValidationException v => new HttpValidationProblemDetails(Validation.ToErrorDictionary(v.Errors))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        },
        ProblemException p => WithExtensions(new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Message }, p),
        BadHttpRequestException b => new ProblemDetails
        {
            Status = b.StatusCode,
            Title = ReasonPhrase(b.StatusCode),
            Detail = DescribeBadRequest(b),
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
            return $"The request body is larger than the limit of {RequestLimits.MaxBodyBytes} bytes.";
        }

        // System.Text.Json knows where the body went wrong; pass that on instead of a generic sentence.
        return b.InnerException is JsonException json
            ? $"The request body is not valid JSON for this endpoint{(json.Path is null ? "" : $" (at {json.Path})")}: {FirstSentence(json.Message)}"
            : b.Message;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..(cut + 1)];
    }

    internal static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    public static void Customize(ProblemDetailsContext context)
    {
        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }
}
