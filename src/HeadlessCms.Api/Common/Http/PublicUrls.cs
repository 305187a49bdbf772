using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// Cms:PublicBaseUrl: the address the public reaches this API at (for example https://api.example.com), the only
/// source of absolute links in responses, headers, feeds and emails. The request's Host header is never used: on a
/// shared cache, a link built from one caller's Host would be served to every caller. When it is not set, links
/// are relative (path and query only), which every HTTP client resolves against the address it called.
/// </summary>
public sealed class PublicUrls
{
    public const string Setting = "Cms:PublicBaseUrl";

    private readonly string? baseUrl;

    public PublicUrls(IConfiguration configuration)
    {
        var configured = configuration[Setting];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return;
        }

        if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new OptionsValidationException(Setting, typeof(PublicUrls),
                [$"{Setting} must be an absolute http or https URL without a query, such as https://api.example.com (it is '{configured}')."]);
        }

        baseUrl = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>The configured base without a trailing slash, or null when links are relative.</summary>
    public string? BaseUrl => baseUrl;

    /// <summary>An absolute link when a base is configured, else the path as given. <paramref name="pathAndQuery"/> starts with '/'.</summary>
    public string Link(string pathAndQuery) => baseUrl is null ? pathAndQuery : baseUrl + pathAndQuery;

    /// <summary>
    /// A link to a resource from a configured template (Cms:Site:ArticleLink, Cms:Newsletter:ArticleLink): {slug} and {id}
    /// are filled in; a path goes on the public base, an absolute URL (a front end's page) is used as it is.
    /// </summary>
    public string FromTemplate(string template, string slug, Guid id)
    {
        var target = template
            .Replace("{slug}", Uri.EscapeDataString(slug), StringComparison.Ordinal)
            .Replace("{id}", id.ToString(), StringComparison.Ordinal);
        return target.StartsWith('/') ? Link(target) : target;
    }

    /// <summary>The link to this request's own path with another query string (PathBase included).</summary>
    public string Link(HttpRequest request, QueryString query) => Link((request.PathBase + request.Path).ToUriComponent() + query.ToUriComponent());
}
