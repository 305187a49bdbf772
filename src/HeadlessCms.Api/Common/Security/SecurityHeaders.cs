namespace HeadlessCms.Api.Common.Security;

/// <summary>
/// Headers on every response, errors and 304s included: the API serves JSON, never a page, so nothing it sends may be
/// sniffed into HTML, framed, or leak its address in a Referer. Swagger UI is a page: it gets a policy that lets its
/// own scripts, styles and the OpenAPI document load from this origin, and nothing else.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Swagger UI's bundle sets inline styles and draws its icons as data: images; its scripts are files of ours.</summary>
    public const string SwaggerUiPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public const string SwaggerUiPrefix = "/swagger";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = IsSwaggerUi(context.Request.Path) ? SwaggerUiPolicy : ApiPolicy;
            headers.Remove("Server");
            return Task.CompletedTask;
        }, http);
        return next(http);
    });

    /// <summary>The UI's page and assets; the OpenAPI document itself (swagger/v1/swagger.json) is JSON like the rest.</summary>
    private static bool IsSwaggerUi(PathString path) =>
        path.StartsWithSegments(SwaggerUiPrefix) && !path.Value!.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
