namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// HEAD on every GET route (RFC 9110 §9.3.2): the request runs as the GET it mirrors, before routing, so every
/// endpoint (any feature's, present or future) answers it with the same status and headers (ETag, 304, Link,
/// Cache-Control, Content-Length when the GET sets it) and the body is thrown away. The output cache sees a GET,
/// so a HEAD can be answered from, and fill, the same entry.
/// </summary>
public static class HeadRequests
{
    private sealed class HeadMarker;

    /// <summary>Whether the client sent HEAD (the pipeline sees GET from here on).</summary>
    public static bool IsHead(HttpContext http) => http.Items.ContainsKey(typeof(HeadMarker));

    /// <summary>The method the client sent, for logs.</summary>
    public static string ClientMethod(HttpContext http) => IsHead(http) ? HttpMethods.Head : http.Request.Method;

    /// <summary>Goes before routing: call it, then app.UseRouting().</summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await next(http);
            return;
        }

        http.Items[typeof(HeadMarker)] = true;
        http.Request.Method = HttpMethods.Get;
        var body = http.Response.Body;
        http.Response.Body = Stream.Null;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = body;
            http.Request.Method = HttpMethods.Head;
        }
    });
}
