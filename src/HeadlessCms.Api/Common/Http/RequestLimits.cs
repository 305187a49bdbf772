
namespace HeadlessCms.Api.Common.Http;

public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Rejects a declared oversized body before anything reads it. Kestrel enforces the same limit on
    /// chunked bodies through MaxRequestBodySize; this keeps the answer identical for both.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var limit = For(http);
        http.Items[LimitKey] = limit;   // the exception handler clears the endpoint before it describes a 413
        if (http.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        var feature = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(http);
    });

    /// <summary>The body limit of the request's endpoint: its own (<see cref="RequestBodyLimit"/>) or the API's.</summary>
    public static long For(HttpContext http) =>
        http.Items.TryGetValue(LimitKey, out var known) && known is long limit
            ? limit
            : http.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>()?.Bytes(http.RequestServices) ?? MaxBodyBytes;

    private static readonly object LimitKey = new();
}

/// <summary>An endpoint whose bodies may be larger (or must be smaller) than the API's limit, read from its settings.</summary>
public sealed record RequestBodyLimit(Func<IServiceProvider, long> Bytes);
