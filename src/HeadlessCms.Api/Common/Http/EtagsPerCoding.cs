using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// A strong ETag per content coding (RFC 9110 8.8.3.3): a body compressed with br or gzip is another representation,
/// so it carries the identity tag with the coding appended (<c>"7-ab12cd34ef56ab78-br"</c>). Everything behind this
/// (results, the output cache) keeps working with identity tags: on the way in, an If-None-Match tag for the coding
/// this request will get is turned back into its identity tag, and a tag for any other coding is made not to match;
/// on the way out, the tag gets the coding the body was sent with (on a 304, the coding a 200 would have had).
/// If-Match compares row versions (see <see cref="IfMatch"/>), so a tag read through compression works there as is.
/// </summary>
public static class EtagsPerCoding
{
    private static readonly string[] Codings = ["br", "gzip"];

    /// <summary>Goes right before app.UseResponseCompression(), whose choice of coding it mirrors.</summary>
    public static IApplicationBuilder UseEtagsPerCoding(this IApplicationBuilder app)
    {
        var compression = app.ApplicationServices.GetRequiredService<IResponseCompressionProvider>();
        return app.Use(async (http, next) =>
        {
            var coding = compression.CheckRequestAcceptsCompression(http) ? compression.GetCompressionProvider(http)?.EncodingName : null;
            var ifNoneMatch = http.Request.Headers.IfNoneMatch;
            if (ifNoneMatch.Count > 0)
            {
                http.Request.Headers.IfNoneMatch = ToIdentity(ifNoneMatch, coding);
            }

            http.Response.OnStarting(() =>
            {
                var etag = http.Response.Headers.ETag.ToString();
                var sent = http.Response.StatusCode == StatusCodes.Status304NotModified ? coding : http.Response.Headers.ContentEncoding.ToString();
                if (etag.Length > 2 && !string.IsNullOrEmpty(sent) && etag.EndsWith('"'))
                {
                    http.Response.Headers.ETag = $"{etag[..^1]}-{sent}\"";
                }

                return Task.CompletedTask;
            });
            await next(http);
        });
    }

    /// <summary>
    /// The request's If-None-Match as identity tags for the representation this request selects: "v-h-br" becomes
    /// "v-h" when the response will be br, a tag of another coding (or an identity tag when the response will be
    /// compressed) gets a suffix nothing carries, and "*" stays.
    /// </summary>
    private static StringValues ToIdentity(StringValues values, string? coding)
    {
        if (!EntityTagHeaderValue.TryParseList(values, out var tags))
        {
            return values;
        }

        return string.Join(", ", tags.Select(tag =>
        {
            if (tag.Equals(EntityTagHeaderValue.Any))
            {
                return "*";
            }

            var opaque = tag.Tag.ToString()[1..^1];
            var tagCoding = Codings.FirstOrDefault(c => opaque.EndsWith("-" + c, StringComparison.Ordinal));
            var identity = tagCoding is null ? opaque : opaque[..^(tagCoding.Length + 1)];
            var rewritten = tagCoding == coding ? identity : $"{opaque}-other-coding";
            return (tag.IsWeak ? "W/\"" : "\"") + rewritten + "\"";
        }));
    }
}
