using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace HeadlessCms.Api.Common;

public static class Paging
{
    /// <summary>200 with the page, and the next page's address in an RFC 8288 Link header.</summary>
    public static Ok<Page<T>> Ok<T>(HttpContext http, Page<T> page)
    {
        AddNextLink(http, page.NextCursor);
        return TypedResults.Ok(page);
    }

    /// <summary>The Link header for a list whose page shape is its own (such as comment threads with their count).</summary>
    public static void AddNextLink(HttpContext http, string? nextCursor)
    {
        if (nextCursor is null)
        {
            return;
        }

        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value);
        query["cursor"] = nextCursor;
        var next = UriHelper.BuildAbsolute(
            http.Request.Scheme, http.Request.Host, http.Request.PathBase, http.Request.Path, QueryString.Create(query));
        http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
    }
}
