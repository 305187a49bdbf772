using HeadlessCms.Api.Common.Caching;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// JSON that was serialized before the request came (the read model): written as it is, with its strong ETag,
/// or a 304 when the client already holds it.
/// </summary>
public sealed class PreSerializedJson(ReadOnlyMemory<byte> body, string etag, string? surrogateKeys) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.Headers.ETag = etag;
        if (surrogateKeys is not null)
        {
            ContentCache.SetSurrogateKeys(http.Response, surrogateKeys);
        }

        if (Etags.NoneMatch(http.Request, etag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
