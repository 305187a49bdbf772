using HeadlessCms.Api.Common.Caching;
using Microsoft.Net.Http.Headers;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// A body that was serialized before the request came (the read model, a feed): written as it is, with its strong
/// ETag, or a 304 when the client already holds it. With a last-modified time, If-Modified-Since is honoured too
/// (only when no If-None-Match is sent, as RFC 9110 13.2.2 orders).
/// </summary>
public sealed class PreSerializedJson(
    ReadOnlyMemory<byte> body, string etag, string? surrogateKeys, string contentType = "application/json; charset=utf-8",
    DateTimeOffset? lastModified = null) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.Headers.ETag = etag;
        if (surrogateKeys is not null)
        {
            ContentCache.SetSurrogateKeys(http.Response, surrogateKeys);
        }

        if (lastModified is { } modified)
        {
            http.Response.Headers.LastModified = HeaderUtilities.FormatDate(modified);
        }

        if (Etags.NoneMatch(http.Request, etag) || NotModifiedSince(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    private bool NotModifiedSince(HttpRequest request)
    {
        if (lastModified is not { } modified || request.Headers.IfNoneMatch.Count > 0
            || !HeaderUtilities.TryParseDate(request.Headers.IfModifiedSince.ToString(), out var since))
        {
            return false;
        }

        // HTTP dates have whole seconds: compare at that precision.
        return modified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }
}
